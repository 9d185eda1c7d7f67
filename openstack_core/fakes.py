"""Write a fake of your service for the local cloud: the fake-writer's API.

A service plugin ships an in-memory, stateful fake of its service, registered under
the entry-point group ``openstack_core.fakes`` with the same ``<service-type>.v<major>``
name as its Proxy::

    [project.entry-points."openstack_core.fakes"]
    "dns.v2" = "openstack_dns.v2._fake:Fake"

The local cloud (``python -m openstack_core local-cloud serve``, or in process with
``openstack_core.testing.local_cloud()``) serves every installed fake behind a fake
Keystone, lists it in the catalog, checks tokens and negotiates microversions::

    from openstack_core import fakes

    class Fake(fakes.FakeService):
        service_type, api_version, plugin_api_version = "dns", 2, "2.0"
        catalog_path = "/v2"

        def __init__(self, context):
            super().__init__(context)
            self.zones = {}

        @fakes.route("POST", "/v2/zones")
        def create_zone(self, request):
            zone = {"id": fakes.new_id(), **request.json_object()}
            self.zones[zone["id"]] = zone
            return fakes.Response.json(zone, 201)

        @fakes.route("GET", "/v2/zones/{zone_id}")
        def get_zone(self, request, zone_id):
            if zone_id not in self.zones:
                raise fakes.Fault(404, f"Zone {zone_id} not found")
            return self.zones[zone_id]

A handler returns a :class:`Response`, a JSON document (dict or list, ``200``) or None
(``204``), or raises :class:`Fault`, which the ``error()`` hook shapes as the service
does. Lifecycles are computed from timestamps when read (``self.now()``, an injectable
:class:`Clock`), never by sleeping or background threads. ``dump_state()`` and
``load_state()`` let ``--state`` keep the fake's data across restarts.
``docs/plugins.md`` (section "Ship a fake of your service") walks through it.

A fake of identity extends the core's Keystone, which authenticates and issues tokens:
it subclasses :class:`Accounts`, whose hooks tell Keystone who the users, projects and
roles are, and serves Keystone's administration API beside it.
"""

from openstack_core._local.accounts import Accounts
from openstack_core._local.clock import Clock, isotime, new_id, parse_time, request_id
from openstack_core._local.http import Auth, Fault, Request, Response
from openstack_core._local.service import FakeService, Page, paginate, route

__all__ = [
    "Accounts",
    "Auth",
    "Clock",
    "FakeService",
    "Fault",
    "Page",
    "Request",
    "Response",
    "isotime",
    "new_id",
    "paginate",
    "parse_time",
    "request_id",
    "route",
]
