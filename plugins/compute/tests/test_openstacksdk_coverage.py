"""Every method of openstacksdk 4.22's compute proxy is here or named in the README as missing."""

from __future__ import annotations

import re
from pathlib import Path

from openstack_compute.v2._proxy import Proxy

HERE = Path(__file__).parent
SECTION = "## Not included"


def _openstacksdk_methods() -> list[str]:
    lines = (HERE / "openstacksdk_4_22_methods.txt").read_text().splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _listed_as_missing() -> set[str]:
    readme = (HERE.parent / "README.md").read_text()
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`(\w+)`", section))


def test_every_openstacksdk_method_is_provided_or_listed_as_missing() -> None:
    unaccounted = [
        name
        for name in _openstacksdk_methods()
        if not hasattr(Proxy, name) and name not in _listed_as_missing()
    ]
    assert not unaccounted, f"add to the README's list of what is missing: {unaccounted}"


def test_nothing_listed_as_missing_is_provided() -> None:
    sdk = set(_openstacksdk_methods())
    stale = sorted(n for n in _listed_as_missing() & sdk if hasattr(Proxy, n))
    assert not stale, f"provided now, remove from the README's list: {stale}"
