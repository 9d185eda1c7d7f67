"""Limits: absolute quotas and usage, at 2.57 and on older clouds."""

from __future__ import annotations

from typing import Any

COMPUTE = "https://compute.example.com/v2.1"


def test_get_limits_2_57(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{COMPUTE}/limits",
        json={
            "limits": {
                "absolute": {
                    "maxServerMeta": 128,
                    "maxTotalCores": 20,
                    "maxTotalInstances": 10,
                    "maxTotalKeypairs": 100,
                    "maxTotalRAMSize": 51200,
                    "maxServerGroups": 10,
                    "maxServerGroupMembers": 10,
                    "totalCoresUsed": 2,
                    "totalInstancesUsed": 1,
                    "totalRAMUsed": 512,
                    "totalServerGroupsUsed": 0,
                },
                "rate": [],
            }
        },
    )
    limits = compute.get_limits(project_id="p1", reserved=1)
    (request,) = wire.calls()
    assert request.path == "/v2.1/limits"
    assert request.qs == {"tenant_id": ["p1"], "reserved": ["1"]}
    assert wire.microversion(request) == "2.57"
    absolute = limits.absolute
    assert (absolute.total_cores, absolute.total_cores_used) == (20, 2)
    assert (absolute.instances, absolute.instances_used) == (10, 1)
    assert (absolute.total_ram, absolute.total_ram_used, absolute.keypairs) == (51200, 512, 100)
    assert (absolute.server_meta, absolute.server_groups, absolute.server_group_members) == (
        128,
        10,
        10,
    )
    assert absolute.personality is None  # removed in 2.57
    assert limits.rate == []


def test_get_limits_old_cloud_with_rate_limits(mock: Any, make_compute: Any) -> None:
    compute = make_compute("2.1")
    mock.get(
        f"{COMPUTE}/limits",
        json={
            "limits": {
                "absolute": {"maxPersonality": 5, "maxTotalFloatingIps": 10, "maxImageMeta": 128},
                "rate": [
                    {
                        "uri": "*",
                        "regex": ".*",
                        "limit": [
                            {
                                "verb": "POST",
                                "value": 10,
                                "remaining": 2,
                                "unit": "MINUTE",
                                "next-available": "2024-01-01T00:00:00Z",
                            }
                        ],
                    }
                ],
            }
        },
    )
    limits = compute.get_limits()
    assert (limits.absolute.personality, limits.absolute.floating_ips) == (5, 10)
    assert limits.absolute.image_meta == 128
    rate = limits.rate[0].limits[0]
    assert (rate.verb, rate.value, rate.remaining, rate.next_available) == (
        "POST",
        10,
        2,
        "2024-01-01T00:00:00Z",
    )
    assert mock.last_request.qs == {}
