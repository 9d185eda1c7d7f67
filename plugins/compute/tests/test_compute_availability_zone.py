"""Availability zones, plain and detailed."""

from __future__ import annotations

from typing import Any

COMPUTE = "https://compute.example.com/v2.1"


def test_availability_zones(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{COMPUTE}/os-availability-zone",
        json={
            "availabilityZoneInfo": [
                {"zoneName": "nova", "zoneState": {"available": True}, "hosts": None}
            ]
        },
    )
    (zone,) = compute.availability_zones()
    assert (zone.name, zone.state, zone.hosts) == ("nova", {"available": True}, None)
    (request,) = wire.calls()
    assert request.qs == {}
    assert wire.microversion(request) == "2.1"


def test_availability_zones_detail(mock: Any, compute: Any) -> None:
    hosts = {"compute": {"nova-compute": {"active": True, "available": True, "updated_at": None}}}
    mock.get(
        f"{COMPUTE}/os-availability-zone/detail",
        json={
            "availabilityZoneInfo": [
                {"zoneName": "nova", "zoneState": {"available": True}, "hosts": hosts}
            ]
        },
    )
    (zone,) = compute.availability_zones(details=True)
    assert zone.hosts["compute"]["nova-compute"]["active"] is True
