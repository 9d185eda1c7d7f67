"""A domain's own identity configuration (``/v3/domains/{domain_id}/config``).

Keystone serves it when ``[identity] domain_specific_drivers_enabled`` and
``domain_configurations_from_database`` are on. It may hold an LDAP bind password, so
its bodies stay out of debug logs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

__all__ = ["DomainConfig", "DomainConfigDriver", "DomainConfigLDAP"]


class DomainConfigDriver(resource.Resource):
    """The ``identity`` group of a domain configuration."""

    driver = resource.Body("driver", type=str)


class DomainConfigLDAP(resource.Resource):
    """The ``ldap`` group of a domain configuration (Keystone's other LDAP options,
    ``password`` included, are in ``config.ldap.extra_attributes()``)."""

    url = resource.Body("url", type=str)
    user_tree_dn = resource.Body("user_tree_dn", type=str)


class DomainConfig(IdentityResource):
    """The configuration of one domain: no id of its own, addressed by its domain."""

    resource_key = "config"
    base_path = "/domains/%(domain_id)s/config"
    requires_id = False
    allow_create = allow_fetch = allow_commit = allow_delete = True
    log_bodies = False

    domain_id = resource.URI("domain_id")
    identity = resource.Body("identity", type=DomainConfigDriver)
    ldap = resource.Body("ldap", type=DomainConfigLDAP)

    def create(
        self,
        proxy: Proxy,
        prepend_key: bool = True,
        base_path: str | None = None,
        **kwargs: Any,
    ) -> DomainConfig:
        """``PUT /domains/{domain_id}/config``: Keystone creates it at the domain's own
        path, which the core's PUT-create (``base_path/<id>``) cannot address."""
        body = {}
        for group in ("identity", "ldap"):
            value = self[group]
            if isinstance(value, resource.Resource):
                # Every option of the group, declared (url) or not (password, ...).
                options = value.to_dict(ignore_none=True, computed=False, headers=False)
                body[group] = {**value.extra_attributes(), **options}
            elif value is not None:
                body[group] = value
        response = proxy.request(
            self.resource_path(requires_id=False),
            "PUT",
            json=self.request_body(
                body, operation="create", microversion=None, prepend_key=prepend_key
            ),
            log=self.log_bodies,
        )
        self.translate_response(response)
        return self
