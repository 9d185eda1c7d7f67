"""Services, endpoints and regions, registered limits and limits, against the real
Keystone."""

from __future__ import annotations

from typing import Any

import pytest

from openstack_core import exceptions


@pytest.fixture
def service(identity: Any, keystone: Any, undo: list[Any]) -> Any:
    """A service of this run in the catalog."""
    created = identity.create_service(name=keystone.name("svc"), type="osc-test", enabled=True)
    undo.append(lambda: identity.delete_service(created))
    return created


def test_services_endpoints_and_regions(
    identity: Any, keystone: Any, service: Any, undo: list[Any]
) -> None:
    region = identity.create_region(id=keystone.name("region"), description="r")
    undo.append(lambda: identity.delete_region(region))
    child = identity.create_region(id=keystone.name("sub"), parent_region_id=region.id)
    undo.append(lambda: identity.delete_region(child))
    assert [r.id for r in identity.regions(parent_region_id=region.id)] == [child.id]
    assert identity.update_region(region, description="changed").description == "changed"
    assert identity.find_region(region.id).id == region.id

    assert identity.find_service(service.name).type == "osc-test"
    assert service.id in [s.id for s in identity.services(type="osc-test")]
    identity.update_service(service, description="about")
    assert identity.get_service(service.id).description == "about"

    endpoint = identity.create_endpoint(
        service_id=service.id, interface="internal", url="http://127.0.0.1:9/x", region_id=region.id
    )
    undo.append(lambda: identity.delete_endpoint(endpoint))
    # openstacksdk's get_endpoint(endpoint) fetches it; get_endpoint() is Keystone's URL.
    assert identity.get_endpoint(endpoint.id).url == "http://127.0.0.1:9/x"
    assert identity.get_endpoint(endpoint=endpoint).interface == "internal"
    assert identity.get_endpoint() == keystone.url
    assert [e.id for e in identity.endpoints(service_id=service.id)] == [endpoint.id]
    identity.update_endpoint(endpoint, url="http://127.0.0.1:9/y", is_enabled=False)
    assert identity.find_endpoint(endpoint.id).is_enabled is False
    identity.delete_endpoint(endpoint)
    with pytest.raises(exceptions.NotFoundException):
        identity.get_endpoint(endpoint.id)


def test_registered_limits_and_limits(
    identity: Any, keystone: Any, service: Any, undo: list[Any]
) -> None:
    project = keystone.ids["demo_project"]
    names = [f"things-{n}" for n in range(2)]
    registered = []
    for name in names:
        item = identity.create_registered_limit(
            service_id=service.id, region_id="RegionOne", resource_name=name, default_limit=5
        )
        undo.append(lambda item=item: identity.delete_registered_limit(item))
        registered.append(item)
    assert registered[0].default_limit == 5 and registered[0].resource_name == names[0]
    with pytest.raises(exceptions.ConflictException):
        identity.create_registered_limit(
            service_id=service.id, region_id="RegionOne", resource_name=names[0], default_limit=1
        )
    changed = identity.update_registered_limit(registered[0], default_limit=7)
    assert identity.get_registered_limit(changed.id).default_limit == 7

    limit = identity.create_limit(
        service_id=service.id,
        region_id="RegionOne",
        project_id=project,
        resource_name=names[0],
        resource_limit=9,
        description="demo's",
    )
    undo.append(lambda: identity.delete_limit(limit))
    assert limit.resource_limit == 9 and limit.project_id == project
    assert identity.update_limit(limit, resource_limit=10).resource_limit == 10
    assert identity.get_limit(limit.id).resource_limit == 10
    assert [x.id for x in identity.limits(service_id=service.id, project_id=project)] == [limit.id]

    identity.delete_limit(limit)
    with pytest.raises(exceptions.NotFoundException):
        identity.get_limit(limit.id)
