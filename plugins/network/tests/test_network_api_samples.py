"""Every Neutron API sample of the shared samples parses into our resources.

The samples are read from ``../shared/api-samples/network`` beside the repository (never
copied into it); the test skips, saying so, only when that directory is absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from openstack_network.v2 import (
    floating_ip,
    network,
    port,
    quota,
    router,
    security_group,
    service_info,
    subnet,
)

from openstack_core import resource

#: ``../shared`` beside the repository root; OSC_SHARED_DIR names another place (a git
#: worktree elsewhere than the main checkout).
SHARED = Path(os.environ.get("OSC_SHARED_DIR") or Path(__file__).resolve().parents[4] / "shared")
SAMPLES = SHARED / "api-samples" / "network"

#: directory -> the Resource its samples hold (the sub-kind by file name where needed).
KINDS: dict[str, type[resource.Resource]] = {
    "networks": network.Network,
    "subnets": subnet.Subnet,
    "ports": port.Port,
    "routers": router.Router,
    "floatingips": floating_ip.FloatingIP,
    "security-groups": security_group.SecurityGroup,
    "extensions": service_info.Extension,
    "availability-zones": service_info.AvailabilityZone,
    "quotas": quota.Quota,
    "quota_details": quota.QuotaDetails,
}


def _samples() -> list[Any]:
    if not SAMPLES.is_dir():
        # One skipped case rather than none: older pytest cannot name an empty list.
        reason = f"no shared API samples at {SAMPLES}"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-samples")]
    return [
        pytest.param(p, id=f"{p.parent.name}/{p.name}") for p in sorted(SAMPLES.rglob("*.json"))
    ]


def _kind(path: Path) -> type[resource.Resource] | None:
    if path.parent.name == "security-groups" and "rule" in path.name:
        return security_group.SecurityGroupRule
    return KINDS.get(path.parent.name)


def _items(kind: type[resource.Resource], data: Any) -> list[Any]:
    if isinstance(data, dict) and kind.resources_key in data:
        return kind.extract_list(data)
    return [kind.extract_one(data)]


@pytest.mark.parametrize("path", _samples())
def test_sample_parses(path: Path) -> None:
    data = json.loads(path.read_text())
    if path.parent.name == "tag":
        assert isinstance(data["tags"], list)
        return
    if path.name.startswith("version"):
        assert {"version", "versions", "resources"} & set(data)
        return
    if path.parent.name == "routers" and "interface" in path.name:
        # Interface actions answer (and take) a plain dict, not a router.
        assert "subnet_id" in data or "port_id" in data
        return
    kind = _kind(path)
    assert kind is not None, f"no resource for {path}"
    items = _items(kind, data)
    assert items
    for raw in items:
        item = kind.existing(**raw)
        # Every key of the sample is kept: a declared attribute reads its value (by its
        # server name), any other stays as an extension key.
        declared = item.to_dict(original_names=True)
        for key, value in raw.items():
            found = declared[key] if key in declared else item.extra_attributes()[key]
            # Request samples spell some values as strings ("True", "80"): read typed.
            assert found == value or str(found).lower() == str(value).lower(), (key, found)
    if kind is port.Port and "list" not in path.name and "request" not in path.name:
        assert items[0]["fixed_ips"]


def test_samples_are_there_or_the_skip_says_why() -> None:
    if not SAMPLES.is_dir():
        pytest.skip(f"no shared API samples at {SAMPLES}")
    assert len(_samples()) >= 50
