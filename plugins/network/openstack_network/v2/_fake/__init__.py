"""The network fake: an in-memory Neutron v2.0 (ML2, no agents) for the local cloud,
registered as ``network.v2`` under ``openstack_core.fakes``.

The catalog lists Neutron's root (``<cloud>/network``, without ``/v2.0``), which
answers the version list; ``/v2.0/`` lists the core collections. Networks (a VXLAN
segment each, or the provider network an admin asks for), subnets (allocation pools,
gateways, subnet pools), ports (MAC addresses, fixed IPs from the subnets, ``DOWN`` as
without agents), routers (interfaces, gateways, extra routes), floating IPs and port
forwardings, security groups (each project's ``default`` group) and rules, address
scopes, subnet pools, QoS policies and rules, RBAC policies, trunks, segments, IP
availability, quotas, tags, extensions and service providers; Neutron's filters,
``fields=``, sorting, ``<resources>_links`` pagination, revision numbers with
``If-Match``, project scoping and ``NeutronError`` bodies. Settings (``LocalCloud(
settings={"network": {...}})``): ``quotas``, ``tenant_network_type``, ``vni_ranges``,
``vlan_ranges``, ``dns_domain``.
"""

from openstack_network.v2._fake._service import Fake

__all__ = ["Fake"]
