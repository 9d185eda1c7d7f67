"""Trunks, quotas, IP availability, and what the service says about itself: extensions,
agents (none run), availability zones (none without agents), service providers."""

from __future__ import annotations

import html
import ipaddress
from typing import Any

from openstack_core import fakes
from openstack_network.v2._fake import _ipam
from openstack_network.v2._fake._base import Record, denied
from openstack_network.v2._fake._data import DEFAULT_QUOTAS, EXTENSIONS, SERVICE_PROVIDERS
from openstack_network.v2._fake._kinds import KINDS
from openstack_network.v2._fake._networks import NETWORK, required
from openstack_network.v2._fake._pools import PoolRoutes
from openstack_network.v2._fake._ports import PORT
from openstack_network.v2._fake._query import bad_request, listing, plain_match

TRUNK = KINDS["trunk"]
_AGENT_ATTRIBUTES = (
    "id agent_type availability_zone binary description host topic admin_state_up alive"
    " configurations created_at started_at heartbeat_timestamp resources_synced"
).split()
_NOT_FOUND_PAGE = (
    "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>"
    "\n  The resource could not be found.<br /><br />\n{message}\n\n\n </body>\n</html>"
)


def agent_not_found(agent_id: str) -> fakes.Fault:
    """No agent runs: every agent id is Neutron's ``AgentNotFound``."""
    return fakes.Fault(404, f"Agent {agent_id} could not be found.", type="AgentNotFound")


class AdminRoutes(PoolRoutes):
    """``/trunks``, ``/quotas``, ``/network-ip-availabilities``, ``/extensions``,
    ``/agents``, ``/availability_zones`` and ``/service-providers``."""

    # -- trunks -------------------------------------------------------------------------

    def view_trunk(self, request: fakes.Request, trunk: Record) -> Record:
        """A trunk and its subports (``DOWN``: no agent binds it)."""
        view = self.standard_view(trunk, "name port_id admin_state_up")
        view["status"] = "DOWN"
        view["sub_ports"] = [dict(sub) for sub in trunk["sub_ports"]]
        return view

    def build_trunk(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new trunk on a parent port the caller owns."""
        self.accept(body, ("name", "description", "port_id", "admin_state_up", "sub_ports", "tags"))
        required(body, "port_id")
        parent = self.owned(request, PORT, str(body["port_id"]), "update")
        self.check_unused_port(parent["id"], parent=True)
        trunk = self.new_record(
            TRUNK,
            project,
            body,
            port_id=parent["id"],
            admin_state_up=bool(body.get("admin_state_up", True)),
            sub_ports=[],
        )
        try:
            self.add_subports(request, trunk, body.get("sub_ports") or [])
        except fakes.Fault:
            del self.tables["trunk"][trunk["id"]]
            raise
        return trunk

    def check_unused_port(self, port_id: str, *, parent: bool) -> None:
        """A port is the parent or a subport of one trunk at most."""
        for trunk in self.tables["trunk"].values():
            if trunk["port_id"] == port_id:
                raise fakes.Fault(
                    409, f"Port {port_id} is in use by another trunk.", type="TrunkPortInUse"
                )
            if any(sub["port_id"] == port_id for sub in trunk["sub_ports"]):
                if parent:
                    raise fakes.Fault(
                        409,
                        f"Port {port_id} is currently in use and is not eligible for use as a "
                        "parent port.",
                        type="ParentPortInUse",
                    )
                raise fakes.Fault(
                    409,
                    f"Port {port_id} is currently a subport for trunk {trunk['id']}.",
                    type="PortInUseAsSubPort",
                )

    def add_subports(self, request: fakes.Request, trunk: Record, subports: Any) -> None:
        """Validate and add subports (``vlan`` with an id, or ``inherit``)."""
        if not isinstance(subports, list):
            raise bad_request(f"Invalid input for sub_ports. Reason: '{subports}' is not a list.")
        for sub in subports:
            if not isinstance(sub, dict):
                raise bad_request(f"Invalid input for sub_ports. Reason: '{sub}' is not a dict.")
            required(sub, "port_id")
            port = self.owned(request, PORT, str(sub["port_id"]), "update")
            self.check_unused_port(port["id"], parent=False)
            kind = sub.get("segmentation_type", "vlan")
            if kind not in ("vlan", "inherit"):
                raise bad_request(
                    f"Invalid input for sub_ports. Reason: Invalid segmentation type {kind}."
                )
            number = sub.get("segmentation_id")
            if kind == "vlan" and (not isinstance(number, int) or not 1 <= number <= 4094):
                raise bad_request(
                    f"Invalid input for sub_ports. Reason: Invalid segmentation id {number}."
                )
            for other in trunk["sub_ports"]:
                if (other["segmentation_type"], other["segmentation_id"]) == (kind, number):
                    raise fakes.Fault(
                        409,
                        f"segmentation_type {kind} and segmentation_id {number} already in use "
                        f"on trunk {trunk['id']}.",
                        type="DuplicateSubPort",
                    )
            trunk["sub_ports"].append(
                {"port_id": port["id"], "segmentation_type": kind, "segmentation_id": number}
            )

    def change_trunk(self, request: fakes.Request, trunk: Record, changes: Any) -> None:
        """Rename, describe or disable a trunk."""
        self.writable(changes, ("name", "description", "admin_state_up"), TRUNK.attributes)
        trunk.update(changes)

    def drop_trunk(self, request: fakes.Request, trunk: Record) -> None:
        """A trunk goes with its subports (their ports stay)."""

    # Neutron does not count subport changes as revisions of the trunk.
    @fakes.route("PUT", "/v2.0/trunks/{trunk_id}/add_subports")
    def trunk_add_subports(self, request: fakes.Request, trunk_id: str) -> Record:
        """Add subports; answers the trunk (not wrapped in ``trunk``)."""
        trunk = self.owned(request, TRUNK, trunk_id, "update")
        self.add_subports(request, trunk, request.json_object().get("sub_ports"))
        return self.view_trunk(request, trunk)

    @fakes.route("PUT", "/v2.0/trunks/{trunk_id}/remove_subports")
    def trunk_remove_subports(self, request: fakes.Request, trunk_id: str) -> Record:
        """Remove subports (by port id); answers the trunk."""
        trunk = self.owned(request, TRUNK, trunk_id, "update")
        gone = request.json_object().get("sub_ports")
        if not isinstance(gone, list):
            raise bad_request(f"Invalid input for sub_ports. Reason: '{gone}' is not a list.")
        for sub in gone:
            port_id = sub.get("port_id") if isinstance(sub, dict) else None
            if not any(s["port_id"] == port_id for s in trunk["sub_ports"]):
                raise fakes.Fault(
                    404,
                    f"SubPort {port_id} on trunk {trunk['id']} could not be found.",
                    type="SubPortNotFound",
                )
            trunk["sub_ports"] = [s for s in trunk["sub_ports"] if s["port_id"] != port_id]
        return self.view_trunk(request, trunk)

    @fakes.route("GET", "/v2.0/trunks/{trunk_id}/get_subports")
    def trunk_get_subports(self, request: fakes.Request, trunk_id: str) -> Record:
        """A trunk's subports."""
        trunk = self.record_of(request, TRUNK, trunk_id)
        return {"sub_ports": [dict(sub) for sub in trunk["sub_ports"]]}

    # -- quotas -------------------------------------------------------------------------

    def quota_reader(self, request: fakes.Request, project_id: str) -> None:
        """Admins read every project's quotas, projects their own."""
        if not request.is_admin and project_id != request.project_id:
            raise denied("rule:get_quota")

    @fakes.route("GET", "/v2.0/quotas")
    def list_quotas(self, request: fakes.Request) -> Record:
        """The projects with quotas of their own (admins only)."""
        if not request.is_admin:
            raise denied("rule:get_quota")
        return {
            "quotas": [
                {**self.quota_limits(project), "project_id": project, "tenant_id": project}
                for project in sorted(self.quotas)
            ]
        }

    @fakes.route("GET", "/v2.0/quotas/tenant")
    @fakes.route("GET", "/v2.0/quotas/project")
    def quota_project(self, request: fakes.Request) -> Record:
        """The caller's project, as the quota API names it."""
        key = request.path.rsplit("/", 1)[-1]
        return {key: {f"{key}_id": request.project_id}}

    @fakes.route("GET", "/v2.0/quotas/{project_id}")
    def show_quota(self, request: fakes.Request, project_id: str) -> Record:
        """A project's limits."""
        self.quota_reader(request, project_id)
        return {"quota": self.quota_limits(project_id)}

    @fakes.route("GET", "/v2.0/quotas/{project_id}/default")
    def show_quota_default(self, request: fakes.Request, project_id: str) -> Record:
        """The default limits."""
        self.quota_reader(request, project_id)
        return {"quota": self.default_quotas()}

    @fakes.route("GET", "/v2.0/quotas/{project_id}/details")
    def show_quota_details(self, request: fakes.Request, project_id: str) -> Record:
        """A project's limits with what it uses."""
        self.quota_reader(request, project_id)
        return {
            "quota": {
                resource: {"limit": limit, "used": self.used(project_id, resource), "reserved": 0}
                for resource, limit in self.quota_limits(project_id).items()
            }
        }

    @fakes.route("PUT", "/v2.0/quotas/{project_id}")
    def update_quota(self, request: fakes.Request, project_id: str) -> Record:
        """Set limits (admins only), not below what the project uses."""
        if not request.is_admin:
            raise denied("rule:update_quota")
        body = request.json_object("quota")
        check = bool(body.pop("check_limit", True))
        self.accept(body, DEFAULT_QUOTAS)
        for resource, value in body.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < -1:
                raise bad_request(
                    f"Invalid input for {resource}. Reason: '{value}' is not a valid quota value."
                )
            used = self.used(project_id, resource)
            if check and 0 <= value < used:
                raise bad_request(
                    f"Quota limit {value} for {resource} must be greater than or equal to "
                    f"already used {used}"
                )
        self.quotas.setdefault(project_id, {}).update(body)
        return {"quota": self.quota_limits(project_id)}

    @fakes.route("DELETE", "/v2.0/quotas/{project_id}")
    def reset_quota(self, request: fakes.Request, project_id: str) -> None:
        """Back to the defaults (admins only)."""
        if not request.is_admin:
            raise denied("rule:delete_quota")
        if project_id not in self.quotas:
            raise fakes.Fault(
                404,
                f"Quota for project {project_id} could not be found.",
                type="TenantQuotaNotFound",
            )
        del self.quotas[project_id]

    # -- IP availability ----------------------------------------------------------------

    def availability(self, network: Record) -> Record:
        """How many addresses a network and its subnets have and use."""
        subnets = []
        for subnet in self.subnets_of(network["id"]):
            cidr = ipaddress.ip_network(subnet["cidr"])
            first, last = _ipam.usable(cidr)
            used = self.used_ips(subnet["id"])
            pools = subnet["allocation_pools"]
            details = {
                "total_ips_in_subnet": int(last) - int(first) + 1,
                "used_ips_in_subnet": len(used),
                "total_ips_in_allocation_pool": _ipam.pool_size(pools),
                "used_ips_in_allocation_pool": sum(
                    1 for ip in used if _ipam.in_pools(ipaddress.ip_address(ip), pools)
                ),
            }
            subnets.append(
                {
                    "subnet_id": subnet["id"],
                    "subnet_name": subnet["name"],
                    "cidr": subnet["cidr"],
                    "ip_version": subnet["ip_version"],
                    "total_ips": details["total_ips_in_allocation_pool"],
                    "used_ips": details["used_ips_in_subnet"],
                    "ip_availability_details": details,
                }
            )
        totals = {
            key: sum(s["ip_availability_details"][key] for s in subnets)
            for key in (
                "total_ips_in_allocation_pool",
                "total_ips_in_subnet",
                "used_ips_in_allocation_pool",
                "used_ips_in_subnet",
            )
        }
        return {
            "network_id": network["id"],
            "network_name": network["name"],
            "project_id": network["project_id"],
            "tenant_id": network["project_id"],
            "subnet_ip_availability": subnets,
            "total_ips": sum(s["total_ips"] for s in subnets),
            "used_ips": sum(s["used_ips"] for s in subnets),
            "ip_availability_details": totals,
        }

    @fakes.route("GET", "/v2.0/network-ip-availabilities")
    def list_ip_availabilities(self, request: fakes.Request) -> Record:
        """Every network's availability (admins only; others see none)."""
        networks = self.tables["network"].values() if request.is_admin else []
        views = [self.availability(network) for network in networks]

        def marker_of(network_id: str) -> Record:
            return self.availability(self.record_of(request, NETWORK, network_id))

        def matches(view: Record, key: str, values: list[str]) -> bool:
            if key == "ip_version":
                versions = {str(s["ip_version"]) for s in view["subnet_ip_availability"]}
                return bool(versions & set(values))
            return plain_match(view, key, values)

        return listing(
            request,
            "network_ip_availabilities",
            views,
            attributes=("network_id", "network_name", "project_id", "tenant_id", "ip_version"),
            marker_of=marker_of,
            matches=matches,
            key="network_id",
        )

    @fakes.route("GET", "/v2.0/network-ip-availabilities/{network_id}")
    def show_ip_availability(self, request: fakes.Request, network_id: str) -> Record:
        """One network's availability (admins only)."""
        network = self.tables["network"].get(network_id)
        if network is None or not request.is_admin:
            raise NETWORK.fault(network_id)
        return {"network_ip_availability": self.availability(network)}

    # -- the service itself -------------------------------------------------------------

    @staticmethod
    def extension_view(alias: str, name: str, updated: str, description: str) -> Record:
        """One extension as ``/extensions`` lists it."""
        return {
            "alias": alias,
            "name": name,
            "updated": updated,
            "description": description,
            "links": [],
        }

    @fakes.route("GET", "/v2.0/extensions")
    def list_extensions(self, request: fakes.Request) -> Record:
        """The extensions the fake implements."""
        return {"extensions": [self.extension_view(*extension) for extension in EXTENSIONS]}

    @fakes.route("GET", "/v2.0/extensions/{alias}")
    def show_extension(self, request: fakes.Request, alias: str) -> fakes.Response | Record:
        """One extension; an unknown alias is webob's HTML 404 page, as in Neutron."""
        for extension in EXTENSIONS:
            if extension[0] == alias:
                return {"extension": self.extension_view(*extension)}
        page = _NOT_FOUND_PAGE.format(
            message=html.escape(f"Extension with alias {alias} does not exist")
        )
        return fakes.Response.text(page, 404, "text/html; charset=UTF-8")

    @fakes.route("GET", "/v2.0/agents")
    def list_agents(self, request: fakes.Request) -> Record:
        """No agent runs."""

        def marker_of(agent_id: str) -> Record:
            raise agent_not_found(agent_id)

        return listing(request, "agents", [], attributes=_AGENT_ATTRIBUTES, marker_of=marker_of)

    @fakes.route("GET", "/v2.0/agents/{agent_id}")
    @fakes.route("PUT", "/v2.0/agents/{agent_id}")
    @fakes.route("DELETE", "/v2.0/agents/{agent_id}")
    @fakes.route("GET", "/v2.0/agents/{agent_id}/dhcp-networks")
    @fakes.route("POST", "/v2.0/agents/{agent_id}/dhcp-networks")
    @fakes.route("DELETE", "/v2.0/agents/{agent_id}/dhcp-networks/{network_id}")
    @fakes.route("GET", "/v2.0/agents/{agent_id}/l3-routers")
    @fakes.route("POST", "/v2.0/agents/{agent_id}/l3-routers")
    @fakes.route("PUT", "/v2.0/agents/{agent_id}/l3-routers/{router_id}")
    @fakes.route("DELETE", "/v2.0/agents/{agent_id}/l3-routers/{router_id}")
    def agent(self, request: fakes.Request, agent_id: str, **_: str) -> None:
        """Any agent, and what it hosts: not found."""
        raise agent_not_found(agent_id)

    @fakes.route("GET", "/v2.0/networks/{item_id}/dhcp-agents")
    @fakes.route("GET", "/v2.0/routers/{item_id}/l3-agents")
    def hosting_agents(self, request: fakes.Request, item_id: str) -> Record:
        """The DHCP agents serving a network, the L3 agents hosting a router: none run
        (admins only)."""
        collection, agents = request.path.split("/")[2::2]
        if not request.is_admin:
            raise denied(f"rule:get_{agents}")
        self.record_of(request, self.kind_at(collection), item_id)
        return {"agents": []}

    @fakes.route("GET", "/v2.0/availability_zones")
    def list_availability_zones(self, request: fakes.Request) -> Record:
        """Zones come from agents' reports: with none running there are none."""

        def marker_of(name: str) -> Record:
            raise fakes.Fault(404, "The resource could not be found.")

        return listing(
            request,
            "availability_zones",
            [],
            attributes=("name", "resource", "state"),
            marker_of=marker_of,
            key="name",
        )

    @fakes.route("GET", "/v2.0/service-providers")
    def list_service_providers(self, request: fakes.Request) -> Record:
        """The L3 router flavors' drivers."""
        return {"service_providers": [dict(provider) for provider in SERVICE_PROVIDERS]}
