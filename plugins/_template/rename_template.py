"""Turn a copy of openstack-core's plugin template into your own plugin, then delete this file.

Run it in the copy, not in plugins/_template/ itself::

    python3 rename_template.py dns 2                     # openstack-dns, openstack_dns.v2
    python3 rename_template.py dns 2 --distribution acme-openstack-dns --package acme_dns

It renames the distribution, the package, the ``v1/`` directory and the test module,
rewrites the entry point (name and value), ``[tool.setuptools.packages.find]``,
``[tool.setuptools.package-data]``, the Proxy's ``service_type``/``api_version``, the
tests' catalog entry and URL and the docstrings, writes a README for your plugin and
removes build leftovers (``*.egg-info``, ``__pycache__``) copied from a used checkout.
Standard library only; Python >= 3.11.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

OLD_DISTRIBUTION = "openstack-example"
OLD_PACKAGE = "openstack_example"
OLD_TYPE = "example"
OLD_MAJOR = 1

_TYPE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")
_DISTRIBUTION = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")

README = """# {distribution}

The {service_type} v{major} service plugin for openstack-core: installed next to
openstack-core, it appears on every connection as `conn.{attribute}`.

```console
pip install openstack-core {distribution}
```

```python
import openstack_core

conn = openstack_core.connect(cloud="mycloud")
for widget in conn.{attribute}.widgets():
    print(widget.id, widget.name)
```

## Develop

```console
pip install -e ".[test]"   # after installing openstack-core (see its docs/plugins.md)
pytest
python -m openstack_core check-plugin {distribution}
```
"""


def _replace(path: Path, pairs: list[tuple[str, str]]) -> None:
    """Apply every (old, new); an old text that is missing means the template changed
    without this script, which must not pass silently."""
    text = path.read_text()
    for old, new in pairs:
        if old not in text:
            raise SystemExit(f"rename_template.py: {path} no longer contains {old!r}")
        text = text.replace(old, new)
    path.write_text(text)


def rename(root: Path, service_type: str, major: int, distribution: str, package: str) -> None:
    """Rename the template copy at ``root`` in place."""
    attribute = service_type.replace("-", "_")
    old_versioned, versioned = f"{OLD_PACKAGE}.v{OLD_MAJOR}", f"{package}.v{major}"
    for leftover in [*root.glob("*.egg-info"), *root.rglob("__pycache__"), root / "build"]:
        shutil.rmtree(leftover, ignore_errors=True)

    pyproject = root / "pyproject.toml"
    header = pyproject.read_text().split("[build-system]", 1)[0]
    _replace(
        pyproject,
        [
            (header, ""),  # the template's own instructions
            (f'name = "{OLD_DISTRIBUTION}"', f'name = "{distribution}"'),
            (
                f'"{OLD_TYPE}.v{OLD_MAJOR}" = "{old_versioned}._proxy:Proxy"',
                f'"{service_type}.v{major}" = "{versioned}._proxy:Proxy"',
            ),
            (
                f'"{OLD_TYPE}.v{OLD_MAJOR}" = "{old_versioned}._fake:Fake"',
                f'"{service_type}.v{major}" = "{versioned}._fake:Fake"',
            ),
            (f"see {OLD_PACKAGE}/v{OLD_MAJOR}/_fake.py", f"see {package}/v{major}/_fake.py"),
            (f'include = ["{OLD_PACKAGE}*"]', f'include = ["{package}*"]'),
            (f'{OLD_PACKAGE} = ["py.typed"]', f'{package} = ["py.typed"]'),
            ("Template of an openstack-core service plugin", f"{service_type} v{major} plugin"),
        ],
    )
    old_pkg = root / OLD_PACKAGE
    _replace(
        old_pkg / "__init__.py",
        [
            (f"{OLD_DISTRIBUTION}: template of a service plugin", f"{distribution}: the plugin"),
            (f"``conn.{OLD_TYPE}``", f"``conn.{attribute}``"),
        ],
    )
    _replace(
        old_pkg / f"v{OLD_MAJOR}" / "__init__.py",
        [
            (
                f"Version {OLD_MAJOR} of the {OLD_TYPE} API",
                f"Version {major} of the {service_type} API",
            )
        ],
    )
    _replace(
        old_pkg / f"v{OLD_MAJOR}" / "_proxy.py",
        [
            (f"The v{OLD_MAJOR} Proxy", f"The v{major} Proxy"),
            (f"``conn.{OLD_TYPE}``", f"``conn.{attribute}``"),
            (f"from {old_versioned}.", f"from {versioned}."),
            (f'"""Example service v{OLD_MAJOR}.', f'"""{service_type} v{major}.'),
            (f'service_type = "{OLD_TYPE}"', f'service_type = "{service_type}"'),
            (f"api_version = {OLD_MAJOR}\n", f"api_version = {major}\n"),
        ],
    )
    _replace(
        old_pkg / f"v{OLD_MAJOR}" / "_fake.py",
        [
            (f"fake of the {OLD_TYPE} service", f"fake of the {service_type} service"),
            (f"as ``{OLD_TYPE}.v{OLD_MAJOR}``", f"as ``{service_type}.v{major}``"),
            (f"``conn.{OLD_TYPE}``", f"``conn.{attribute}``"),
            (f"``<cloud>/{OLD_TYPE}/v{OLD_MAJOR}``", f"``<cloud>/{service_type}/v{major}``"),
            (f'_V = "/v{OLD_MAJOR}"', f'_V = "/v{major}"'),
            (f'service_type = "{OLD_TYPE}"', f'service_type = "{service_type}"'),
            (f"api_version = {OLD_MAJOR}\n", f"api_version = {major}\n"),
        ],
    )
    old_test = root / "tests" / f"test_{OLD_TYPE}_widget.py"
    _replace(
        old_test,
        [
            (f"from {old_versioned}.", f"from {versioned}."),
            (
                f'URL = "https://{OLD_TYPE}.example.com/v{OLD_MAJOR}"',
                f'URL = "https://{service_type}.example.com/v{major}"',
            ),
            (f'cloud.add_service("{OLD_TYPE}", URL)', f'cloud.add_service("{service_type}", URL)'),
            (f"conn.{OLD_TYPE}", f"conn.{attribute}"),
            (f"{OLD_PACKAGE}/v{OLD_MAJOR}/_fake.py", f"{package}/v{major}/_fake.py"),
        ],
    )

    old_test.rename(root / "tests" / f"test_{attribute}_widget.py")
    (old_pkg / f"v{OLD_MAJOR}").rename(old_pkg / f"v{major}")
    old_pkg.rename(root / package)
    (root / "README.md").write_text(
        README.format(
            distribution=distribution,
            service_type=service_type,
            major=major,
            attribute=attribute,
        )
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: ``rename_template.py SERVICE_TYPE MAJOR [--distribution] [--package]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("service_type", help="os-service-types type (dns) or your own (acme-dns)")
    parser.add_argument("major", type=int, help="the API's major version, e.g. 2")
    parser.add_argument("--distribution", help="default: openstack-<service_type>")
    parser.add_argument("--package", help="default: openstack_<service_type>")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent
    if not (root / OLD_PACKAGE).is_dir():
        parser.error(f"{root} has no {OLD_PACKAGE}/: run this once, in a fresh copy")
    if root.parent.name == "plugins" and root.name == "_template":
        parser.error("copy plugins/_template first and run this in the copy")
    service_type = args.service_type
    attribute = service_type.replace("-", "_")
    distribution = args.distribution or f"openstack-{service_type}"
    package = args.package or f"openstack_{attribute}"
    if not _TYPE.match(service_type):
        parser.error(f"service type {service_type!r}: lower case letters, digits and dashes")
    if not _PACKAGE.match(package) or not _DISTRIBUTION.match(distribution):
        parser.error(f"{package!r} must be a Python package and {distribution!r} a distribution")
    if args.major < 1:
        parser.error("the major version is a positive integer")
    rename(root, service_type, args.major, distribution, package)
    Path(__file__).unlink()
    print(
        f"{distribution}: package {package}.v{args.major}, entry point "
        f"{service_type}.v{args.major}, conn.{attribute}. Next: replace Widget with your "
        "resources, then pip install -e '.[test]' && pytest"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
