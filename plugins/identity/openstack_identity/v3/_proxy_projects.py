"""Proxy methods for projects (with the projects of a user), domains and domain
configuration."""

from __future__ import annotations

from typing import Any

from openstack_core import crud, exceptions, proxy, resource
from openstack_identity.v3.domain import Domain
from openstack_identity.v3.domain_config import DomainConfig
from openstack_identity.v3.project import Project, UserProject


class ProjectMethods(proxy.Proxy):
    """Where resources live: projects and domains."""

    # -- projects -----------------------------------------------------------------------

    projects = crud.lister(Project)
    get_project = crud.getter(Project)
    find_project = crud.finder(Project)
    create_project = crud.creator(Project)
    update_project = crud.updater(Project)
    delete_project = crud.deleter(Project)
    #: ``user_projects(user, **query)``: the projects ``user`` has a role on.
    user_projects = crud.lister(UserProject, parent="user_id")

    # -- domains ------------------------------------------------------------------------

    domains = crud.lister(Domain)
    get_domain = crud.getter(Domain)
    find_domain = crud.finder(Domain)
    create_domain = crud.creator(Domain)
    update_domain = crud.updater(Domain)
    delete_domain = crud.deleter(Domain)

    # -- domain configuration -------------------------------------------------------------

    def create_domain_config(self, domain: str | Domain, **attrs: Any) -> DomainConfig:
        """Create the configuration of ``domain`` (``identity={"driver": "ldap"}``,
        ``ldap={"url": ..., ...}``); ConflictException if it has one."""
        config = DomainConfig.new(domain_id=resource.id_of(domain), **attrs)
        return config.create(self)

    def get_domain_config(self, domain: str | Domain) -> DomainConfig:
        """The configuration of ``domain``; NotFoundException if it has none."""
        return self._get(DomainConfig, None, requires_id=False, domain_id=resource.id_of(domain))

    def update_domain_config(self, domain: str | Domain, **attrs: Any) -> DomainConfig:
        """Change options of ``domain``'s configuration (only the groups given)."""
        return self._update(DomainConfig, None, domain_id=resource.id_of(domain), **attrs)

    def delete_domain_config(self, domain: str | Domain, ignore_missing: bool = True) -> None:
        """Delete ``domain``'s configuration; a missing one is ignored unless
        ``ignore_missing=False``."""
        config = DomainConfig.new(domain_id=resource.id_of(domain))
        try:
            config.delete(self, error_message=f"No DomainConfig found for domain {domain}")
        except exceptions.NotFoundException:
            if not ignore_missing:
                raise
