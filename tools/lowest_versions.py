"""Pin every declared dependency to its declared floor (``tox -e lowest``).

``python tools/lowest_versions.py OUT`` writes a pip constraints file with
``name==floor`` for each ``name>=floor`` in the ``dependencies`` and ``test`` extra of the
core and every plugin this repository ships, so the unit tests run against the oldest
versions the metadata admits. ``--verify OUT`` checks that the environment got exactly
those versions (pip may otherwise satisfy a constraint with nothing and say nothing).
A dependency declared without a floor is an error: every one must have one.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = ["pyproject.toml", "plugins/compute/pyproject.toml", "plugins/image/pyproject.toml"]
OURS = {"openstack-core"}
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*?)\s*(;.*)?$")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def floors() -> dict[str, str]:
    """Each third-party dependency and its highest declared floor."""
    found: dict[str, str] = {}
    for project in PROJECTS:
        meta = tomllib.loads((ROOT / project).read_text())["project"]
        requirements = list(meta.get("dependencies", []))
        requirements += meta.get("optional-dependencies", {}).get("test", [])
        for requirement in requirements:
            match = REQUIREMENT.match(requirement)
            if match is None:
                raise SystemExit(f"{project}: cannot read requirement {requirement!r}")
            name, spec = _canonical(match.group(1)), match.group(3)
            if name in OURS:
                continue
            floor = re.search(r">=\s*([0-9][^,\s]*)", spec)
            if floor is None:
                raise SystemExit(f"{project}: {requirement!r} has no floor (>=)")
            version = floor.group(1)
            previous = found.get(name)
            if previous is None or _key(version) > _key(previous):
                found[name] = version
    return dict(sorted(found.items()))


def _key(version: str) -> tuple[int, ...]:
    parts = [int(part) for part in re.findall(r"\d+", version)]
    while parts and parts[-1] == 0:  # 8 == 8.0.0
        parts.pop()
    return tuple(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("constraints", type=Path)
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    wanted = floors()
    if not args.verify:
        args.constraints.write_text("".join(f"{n}=={v}\n" for n, v in wanted.items()))
        print("lowest declared versions:", ", ".join(f"{n}=={v}" for n, v in wanted.items()))
        return 0
    wrong = []
    for name, version in wanted.items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "not installed"
        if _key(installed) != _key(version):
            wrong.append(f"{name}: declared floor {version}, installed {installed}")
    for line in wrong:
        print(line, file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
