"""Every method of openstacksdk 4.22's image proxy is here or named in the README as missing."""

from __future__ import annotations

from pathlib import Path

from openstack_image.v2._proxy import Proxy

from openstack_core.testing import openstacksdk_gaps

HERE = Path(__file__).parent


def test_the_readme_lists_exactly_the_openstacksdk_methods_not_provided() -> None:
    methods = HERE / "openstacksdk_4_22_methods.txt"
    assert not openstacksdk_gaps(Proxy, methods, HERE.parent / "README.md", "Not supported yet:")
