"""``openstack-core`` (or ``python -m openstack_core``): inspect installed service plugins.

``services`` lists them (with ``--os-cloud`` or ``OS_CLOUD``, also what that cloud
offers), ``stubs`` writes the type stubs that name them for mypy and pyright,
``check-plugin`` checks one against the plugin API, ``local-cloud serve`` serves the
local cloud.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from openstack_core import _discovery, exceptions
from openstack_core._version import PLUGIN_API_VERSION, __version__


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def services(cloud: str | None) -> int:
    """Print installed plugins; with ``cloud``, also what that cloud offers."""
    registry = _discovery.Registry.scan()
    header = ["SERVICE", "PLUGIN VERSIONS", "DISTRIBUTION"]
    conn = None
    if cloud is not None:
        from openstack_core._connection import Connection

        conn = Connection(cloud=cloud)
        header += ["IN CATALOG", "CLOUD VERSIONS"]
    rows = [header]
    for service_type in registry.service_types():
        majors = registry.majors(service_type)
        dists = sorted(
            {
                " ".join(_discovery.distribution_of(ep))
                for major in majors
                for ep in registry.by_type[service_type][major]
            }
        )
        row = [service_type, ", ".join(f"v{m}" for m in majors), "; ".join(dists)]
        if conn is not None:
            in_catalog = conn.has_catalog_entry(service_type)
            offered = conn.offered_versions(service_type) if in_catalog else None
            row += [
                "yes" if in_catalog else "no",
                ", ".join(f"v{m}" for m in offered) if offered else "-",
            ]
        rows.append(row)
    for ep in registry.malformed:
        row = [ep.name, "malformed", " ".join(_discovery.distribution_of(ep))]
        rows.append(row + (["-", "-"] if conn is not None else []))
    print(_table(rows))
    _stubs_note(registry)
    for ep in registry.malformed:
        dist, version = _discovery.distribution_of(ep)
        print(
            f"warning: entry point {ep.name!r} = {ep.value} from {dist} {version} is "
            "malformed (names must look like <service-type>.v<major>); using that service "
            "raises PluginLoadError until its distribution fixes the name",
            file=sys.stderr,
        )
    return 0


def _stubs_note(registry: _discovery.Registry) -> None:
    from openstack_core import _stubs

    path = _stubs.stub_file()
    if _stubs.is_current(path, registry) is False:
        print(
            f"note: the type stubs at {path.parent} name other plugins than those installed; "
            "run `openstack-core stubs` to update them",
            file=sys.stderr,
        )


def stubs(target: str | None, check_only: bool) -> int:
    """Write (or with ``check_only``, compare) the stubs naming the installed services."""
    from openstack_core import _stubs

    registry = _discovery.Registry.scan()
    directory = Path(target) if target else None
    path = _stubs.stub_file(directory)
    if check_only:
        current = _stubs.is_current(path, registry)
        if current:
            print(f"{path.parent}: up to date")
            return 0
        state = "missing" if current is None else "out of date"
        print(f"{path.parent}: {state}; run `openstack-core stubs` to write it", file=sys.stderr)
        return 1
    try:
        written = _stubs.write(registry, directory)
    except OSError as exc:
        print(
            f"error: cannot write the stubs ({exc}); use a virtualenv you can write to, or "
            "--target DIR with DIR on your type checker's search path",
            file=sys.stderr,
        )
        return 1
    names = ", ".join(registry.service_types()) or "no service plugin installed"
    print(f"wrote {written.parent} ({names})")
    return 0


def _parser(prog: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Inspect the service plugins installed for openstack-core; check a "
        "plugin; serve the local cloud.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"openstack-core {__version__} (plugin API {PLUGIN_API_VERSION})",
    )
    parser.add_argument(
        "--debug", action="store_true", help="log every request and keystoneauth1's warnings"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser(
        "services", help="list installed service plugins without importing them"
    )
    listing.add_argument(
        "--os-cloud",
        metavar="NAME",
        default=os.environ.get("OS_CLOUD") or None,
        help="also ask this cloud what it offers (default: $OS_CLOUD)",
    )
    writer = commands.add_parser(
        "stubs", help="write type stubs that give conn.<service> its type in mypy and pyright"
    )
    writer.add_argument(
        "--target",
        metavar="DIR",
        help="write openstack_core-stubs/ into DIR instead of this interpreter's site-packages",
    )
    writer.add_argument(
        "--check",
        action="store_true",
        help="only say whether the stubs match the installed plugins (exit 1 if not)",
    )
    checker = commands.add_parser(
        "check-plugin", help="check a plugin against the plugin contract and style rules"
    )
    checker.add_argument(
        "names", nargs="+", metavar="NAME", help="a distribution, entry point or module"
    )
    local = commands.add_parser(
        "local-cloud", help="a stateful fake OpenStack served from the installed plugins' fakes"
    )
    local_commands = local.add_subparsers(dest="local_command", required=True)
    serve = local_commands.add_parser(
        "serve",
        help="serve it over HTTP until SIGINT or SIGTERM",
        description="Serve Keystone and every installed fake over HTTP, write a clouds.yaml "
        "with a cloud named 'local' (and 'local-admin'), print 'local cloud ready: "
        "<auth_url>' once it accepts connections, and exit 0 on SIGINT or SIGTERM.",
    )
    serve.add_argument("--port", type=int, required=True, help="the port; 0 picks a free one")
    serve.add_argument(
        "--clouds-yaml",
        type=Path,
        required=True,
        metavar="PATH",
        help="where to write the clouds.yaml (other clouds in it are kept)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="the address (default 127.0.0.1)")
    serve.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="keep the cloud's state in FILE across restarts (saved on stop)",
    )
    serve.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="per-service settings, YAML: {compute: {build_delay: 0.1}}",
    )
    return parser


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Entry point of the ``openstack-core`` script and ``python -m openstack_core``."""
    args = _parser(prog).parse_args(argv)
    ksa_logger = logging.getLogger("keystoneauth")
    level = ksa_logger.level
    if args.debug:
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    else:
        # keystoneauth1 logs its fallbacks as warnings ("Failed to discover available
        # identity versions ... Attempting to parse version from URL") before the error
        # that follows from them; the error says it all, --debug shows the rest.
        ksa_logger.setLevel(logging.ERROR)
    try:
        if args.command == "check-plugin":
            return check(args.names)
        if args.command == "stubs":
            return stubs(args.target, args.check)
        if args.command == "local-cloud":
            from openstack_core._local.server import serve as serve_cloud

            return serve_cloud(
                args.port, args.clouds_yaml, host=args.host, state=args.state, config=args.config
            )
        return services(args.os_cloud)
    except exceptions.SDKException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        ksa_logger.setLevel(level)  # main() may be called in a process that goes on


def check(names: Sequence[str]) -> int:
    """Run the conformance checker on each name; 1 if any violation was found."""
    from openstack_core._conformance import check_plugin

    failed = False
    for name in names:
        violations = check_plugin(name)
        for violation in violations:
            print(violation)
        print(f"{name}: {len(violations)} violation(s)")
        failed = failed or bool(violations)
    return 1 if failed else 0
