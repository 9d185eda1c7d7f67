"""The identity fake: Keystone's administration API in memory for the local cloud,
registered as ``identity.v3`` under ``openstack_core.fakes``.

It is a ``openstack_core.fakes.Accounts``: the core's Keystone, which authenticates and
issues, validates and revokes tokens, takes its users, projects, domains and roles from
it, and serves its routes beside its own (application credentials with access rules,
regions, services and endpoints are the core's). It serves domains and their
configuration; projects with tags, parents and subtree; users (a password change ends
their tokens) and groups with membership; roles, domain-specific roles, implied roles
and role inferences; grants on projects, domains and the system (OS-INHERIT too) and
``/v3/role_assignments`` with every filter, effective mode included; credentials;
registered limits and limits; trusts; and federation CRUD (identity providers,
protocols, mappings, service providers). Lists page with ``?limit=``/``?marker=`` and
``links.next`` as Keystone does; errors are Keystone's ``{"error": {"code",
"message", "title"}}`` with its statuses (409 for duplicates). Policies are Keystone's
defaults reduced to admin, or the user itself where Keystone lets users read their own.
Settings: ``users`` (the seeded users, as for the core's Keystone), ``max_list_limit``.
"""

from openstack_identity.v3._fake._federation import FederationRoutes
from openstack_identity.v3._fake._grants import GrantRoutes
from openstack_identity.v3._fake._limits import LimitRoutes
from openstack_identity.v3._fake._projects import ProjectRoutes
from openstack_identity.v3._fake._roles import RoleRoutes
from openstack_identity.v3._fake._users import UserRoutes

__all__ = ["Fake"]


class Fake(ProjectRoutes, UserRoutes, RoleRoutes, GrantRoutes, LimitRoutes, FederationRoutes):
    """Keystone v3's administration API in memory, behind the core's Keystone."""

    service_type = "identity"
    api_version = 3
    plugin_api_version = "2.1"
