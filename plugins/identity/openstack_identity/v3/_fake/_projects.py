"""Domains, projects (tags, parents and subtree) and domain configuration."""

from __future__ import annotations

from typing import Any

from openstack_core import fakes
from openstack_identity.v3._fake._store import (
    Store,
    conflict,
    forbidden,
    invalid,
    new_id,
    truthy,
)

#: The groups a domain configuration may hold, and the options never shown back.
_CONFIG_GROUPS = ("identity", "ldap")
_SENSITIVE = {"ldap": ("password",)}
_PROJECT_FIELDS = ("name", "description", "enabled", "tags", "options", "domain_id", "parent_id")


def _tags(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise invalid("tags", f"{value!r} is not a list of strings")
    if len(value) > 80:
        raise invalid("tags", "a project has 80 tags at most")
    for tag in value:
        if not tag or len(tag) > 255 or "/" in tag or "," in tag:
            raise invalid("tags", f"{tag!r} is not a valid tag")
    return list(dict.fromkeys(value))


class ProjectRoutes(Store):
    """``/v3/domains``, ``/v3/projects`` and ``/v3/domains/{id}/config``."""

    # -- domains ------------------------------------------------------------------------------

    def domain_view(self, request: fakes.Request, domain: dict[str, Any]) -> dict[str, Any]:
        """A domain as Keystone shows it."""
        return {**domain, "links": self.link(request, f"/v3/domains/{domain['id']}")}

    @fakes.route("GET", "/v3/domains")
    def list_domains(self, request: fakes.Request) -> dict[str, Any]:
        """Every domain (admin); ``?name=``, ``?enabled=``."""
        self.admin(request, "list_domains")
        return self.listing(
            request,
            "domains",
            self.domains.values(),
            lambda d: self.domain_view(request, d),
            ("name", "enabled"),
        )

    @fakes.route("POST", "/v3/domains")
    def create_domain(self, request: fakes.Request) -> fakes.Response:
        """Create a domain (admin); names are unique."""
        self.admin(request, "create_domain")
        spec = self.body(request, "domain")
        name = self.name_of(spec)
        if any(d["name"].lower() == name.lower() for d in self.domains.values()):
            raise conflict("domain", f"Duplicate entry found with name {name}")
        domain_id = str(spec.get("explicit_domain_id") or new_id())
        domain = {
            "id": domain_id,
            "name": name,
            "description": spec.get("description", ""),
            "enabled": bool(spec.get("enabled", True)),
            "options": dict(spec.get("options") or {}),
            "tags": _tags(spec.get("tags", [])),
        }
        self.domains[domain_id] = domain
        return fakes.Response.json({"domain": self.domain_view(request, domain)}, 201)

    @fakes.route("GET", "/v3/domains/{domain_id}")
    def get_domain(self, request: fakes.Request, domain_id: str) -> dict[str, Any]:
        """One domain (admin, or a member of a project in it)."""
        domain = self.entity("domain", domain_id)
        if not request.is_admin and self.scope_domain(request) != domain_id:
            raise forbidden("identity:get_domain")
        return {"domain": self.domain_view(request, domain)}

    @fakes.route("PATCH", "/v3/domains/{domain_id}")
    def update_domain(self, request: fakes.Request, domain_id: str) -> dict[str, Any]:
        """Rename, describe, enable or disable a domain (admin)."""
        self.admin(request, "update_domain")
        domain = self.entity("domain", domain_id)
        spec = self.body(request, "domain")
        if "name" in spec:
            name = self.name_of(spec)
            if any(
                d["name"].lower() == name.lower() and d["id"] != domain_id
                for d in self.domains.values()
            ):
                raise conflict("domain", f"Duplicate entry found with name {name}")
            domain["name"] = name
        for key in ("description", "enabled", "options", "tags"):
            if key in spec:
                domain[key] = _tags(spec[key]) if key == "tags" else spec[key]
        return {"domain": self.domain_view(request, domain)}

    @fakes.route("DELETE", "/v3/domains/{domain_id}")
    def delete_domain(self, request: fakes.Request, domain_id: str) -> None:
        """Delete a disabled domain and everything in it (admin)."""
        self.admin(request, "delete_domain")
        domain = self.entity("domain", domain_id)
        if domain["enabled"]:
            raise fakes.Fault(
                403, "Cannot delete a domain that is enabled, please disable it first."
            )
        for table in (self.projects, self.users, self.groups):
            for entity_id in [k for k, v in table.items() if v["domain_id"] == domain_id]:
                del table[entity_id]
        for role_id in [r["id"] for r in self.roles.values() if r["domain_id"] == domain_id]:
            del self.roles[role_id]
        del self.domains[domain_id]
        self.domain_configs.pop(domain_id, None)
        self.forget_missing()

    # -- projects -----------------------------------------------------------------------------

    def project_view(self, request: fakes.Request, project: dict[str, Any]) -> dict[str, Any]:
        """A project as Keystone shows it."""
        return {**project, "links": self.link(request, f"/v3/projects/{project['id']}")}

    def _visible(self, request: fakes.Request, project_id: str) -> dict[str, Any]:
        project = self.entity("project", project_id)
        if not request.is_admin and not self.effective_roles(
            str(request.user_id), project_id=project_id
        ):
            raise forbidden("identity:get_project")
        return project

    @fakes.route("GET", "/v3/projects")
    def list_projects(self, request: fakes.Request) -> dict[str, Any]:
        """Every project (admin); ``?name=``, ``?domain_id=``, ``?enabled=``,
        ``?parent_id=``, ``?is_domain=`` and the tag filters ``?tags=a,b``,
        ``?tags-any=``, ``?not-tags=``, ``?not-tags-any=``."""
        self.admin(request, "list_projects")

        def wanted(name: str) -> set[str]:
            return {t for value in request.args(name) for t in value.split(",") if t}

        every, some = wanted("tags"), wanted("tags-any")
        no_all, no_any = wanted("not-tags"), wanted("not-tags-any")
        projects = [
            p
            for p in self.projects.values()
            if every <= set(p["tags"])
            and (not some or some & set(p["tags"]))
            and not (no_all and no_all <= set(p["tags"]))
            and not (no_any & set(p["tags"]))
        ]
        return self.listing(
            request,
            "projects",
            projects,
            lambda p: self.project_view(request, p),
            ("name", "domain_id", "enabled", "parent_id", "is_domain"),
        )

    @fakes.route("POST", "/v3/projects")
    def create_project(self, request: fakes.Request) -> fakes.Response:
        """Create a project (admin) in a domain, under a parent of that domain; names
        are unique in a domain."""
        self.admin(request, "create_project")
        spec = self.body(request, "project")
        name = self.name_of(spec)
        if spec.get("is_domain"):
            raise fakes.Fault(400, "The local cloud creates domains with POST /v3/domains only.")
        parent_id = spec.get("parent_id")
        parent = self.entity("project", str(parent_id)) if parent_id else None
        domain_id = str(
            spec.get("domain_id") or (parent["domain_id"] if parent else self.scope_domain(request))
        )
        self.entity("domain", domain_id)
        if parent is not None and parent["domain_id"] != domain_id:
            raise fakes.Fault(
                400,
                f"Cannot create project, the parent ({parent['id']}) is acting as a domain or "
                "belongs to another domain.",
            )
        if any(p["name"] == name and p["domain_id"] == domain_id for p in self.projects.values()):
            raise conflict(
                "project", f"Duplicate entry found with name {name} at domain ID {domain_id}"
            )
        extras = {k: v for k, v in spec.items() if k not in (*_PROJECT_FIELDS, "id", "is_domain")}
        project = self.add_project(
            name,
            domain_id,
            description=spec.get("description", ""),
            enabled=bool(spec.get("enabled", True)),
            parent_id=parent["id"] if parent else domain_id,
            tags=_tags(spec.get("tags", [])),
            options=dict(spec.get("options") or {}),
            **extras,
        )
        return fakes.Response.json({"project": self.project_view(request, project)}, 201)

    @fakes.route("GET", "/v3/projects/{project_id}")
    def get_project(self, request: fakes.Request, project_id: str) -> dict[str, Any]:
        """One project (admin, or a member of it); ``?parents_as_ids``,
        ``?subtree_as_ids``, ``?parents_as_list``, ``?subtree_as_list``."""
        project = self._visible(request, project_id)
        view = self.project_view(request, project)
        parents = self.ancestors(project_id)
        below = self.subtree(project_id)
        if truthy(request.arg("parents_as_list")):
            view["parents"] = [
                {"project": self.project_view(request, self.projects[p])} for p in parents
            ]
        elif truthy(request.arg("parents_as_ids")):
            view["parents"] = self._nested(parents, project_id, up=True)
        if truthy(request.arg("subtree_as_list")):
            view["subtree"] = [
                {"project": self.project_view(request, self.projects[p])} for p in below
            ]
        elif truthy(request.arg("subtree_as_ids")):
            view["subtree"] = self._nested(below, project_id, up=False)
        return {"project": view}

    def _nested(self, ids: list[str], start: str, *, up: bool) -> dict[str, Any] | None:
        """Keystone's ``{id: {id: None}}`` trees of parents (up) or of the subtree."""
        if up:
            tree: dict[str, Any] | None = None
            for parent in reversed(ids):
                tree = {parent: tree}
            return tree
        children = [p for p in ids if self.projects[p]["parent_id"] == start]
        if not children:
            return None
        return {child: self._nested(ids, child, up=False) for child in children}

    @fakes.route("PATCH", "/v3/projects/{project_id}")
    def update_project(self, request: fakes.Request, project_id: str) -> dict[str, Any]:
        """Change a project (admin); its parent and domain stay."""
        self.admin(request, "update_project")
        project = self.entity("project", project_id)
        spec = self.body(request, "project")
        if "parent_id" in spec and spec["parent_id"] != project["parent_id"]:
            raise fakes.Fault(403, "Update of `parent_id` is not allowed.")
        if "domain_id" in spec and spec["domain_id"] != project["domain_id"]:
            raise fakes.Fault(400, "Update of `domain_id` is not allowed.")
        if "name" in spec:
            name = self.name_of(spec)
            if any(
                p["name"] == name
                and p["domain_id"] == project["domain_id"]
                and p["id"] != project_id
                for p in self.projects.values()
            ):
                raise conflict(
                    "project",
                    f"Duplicate entry found with name {name} at domain ID {project['domain_id']}",
                )
        for key, value in spec.items():
            if key not in ("id", "parent_id", "domain_id", "is_domain", "links"):
                project[key] = _tags(value) if key == "tags" else value
        return {"project": self.project_view(request, project)}

    @fakes.route("DELETE", "/v3/projects/{project_id}")
    def delete_project(self, request: fakes.Request, project_id: str) -> None:
        """Delete a project without children (admin), and its grants and limits."""
        self.admin(request, "delete_project")
        self.entity("project", project_id)
        if self.subtree(project_id):
            raise fakes.Fault(
                403,
                f"Cannot delete the project {project_id} since it is not a leaf in the "
                "hierarchy. Use the cascade option if you want to delete a whole subtree.",
            )
        del self.projects[project_id]
        self.forget_missing()

    # -- project tags -------------------------------------------------------------------------

    @fakes.route("GET", "/v3/projects/{project_id}/tags")
    def list_project_tags(self, request: fakes.Request, project_id: str) -> dict[str, Any]:
        """The project's tags."""
        return {"tags": list(self._visible(request, project_id)["tags"])}

    @fakes.route("PUT", "/v3/projects/{project_id}/tags")
    def replace_project_tags(self, request: fakes.Request, project_id: str) -> dict[str, Any]:
        """Replace every tag (admin)."""
        self.admin(request, "update_project_tags")
        project = self.entity("project", project_id)
        project["tags"] = _tags((request.json() or {}).get("tags"))
        return {"tags": list(project["tags"])}

    @fakes.route("DELETE", "/v3/projects/{project_id}/tags")
    def clear_project_tags(self, request: fakes.Request, project_id: str) -> None:
        """Remove every tag (admin)."""
        self.admin(request, "delete_project_tags")
        self.entity("project", project_id)["tags"] = []

    @fakes.route("GET", "/v3/projects/{project_id}/tags/{tag}")
    def check_project_tag(self, request: fakes.Request, project_id: str, tag: str) -> None:
        """204 if the project has the tag, else 404."""
        if tag not in self._visible(request, project_id)["tags"]:
            raise fakes.Fault(404, f"Could not find project tag: {tag}.")

    @fakes.route("PUT", "/v3/projects/{project_id}/tags/{tag}")
    def add_project_tag(self, request: fakes.Request, project_id: str, tag: str) -> fakes.Response:
        """Add one tag (admin)."""
        self.admin(request, "create_project_tag")
        project = self.entity("project", project_id)
        project["tags"] = _tags([*project["tags"], tag])
        location = request.link(f"/v3/projects/{project_id}/tags/{tag}")
        return fakes.Response.empty(201, {"Location": location})

    @fakes.route("DELETE", "/v3/projects/{project_id}/tags/{tag}")
    def remove_project_tag(self, request: fakes.Request, project_id: str, tag: str) -> None:
        """Remove one tag (admin); 404 if the project lacks it."""
        self.admin(request, "delete_project_tag")
        project = self.entity("project", project_id)
        if tag not in project["tags"]:
            raise fakes.Fault(404, f"Could not find project tag: {tag}.")
        project["tags"].remove(tag)

    # -- domain configuration -----------------------------------------------------------------

    def _config(self, request: fakes.Request, domain_id: str, action: str) -> dict[str, Any]:
        self.admin(request, action)
        self.entity("domain", domain_id)
        spec = self.body(request, "config") if request.body else {}
        for group, options in spec.items():
            if group not in _CONFIG_GROUPS:
                raise fakes.Fault(
                    403,
                    f"Invalid domain specific configuration: Group {group} is not supported "
                    "for domain specific configurations.",
                )
            if not isinstance(options, dict):
                raise invalid(group, f"{options!r} is not of type 'object'")
        return spec

    @staticmethod
    def _shown_config(config: dict[str, Any]) -> dict[str, Any]:
        return {
            group: {k: v for k, v in options.items() if k not in _SENSITIVE.get(group, ())}
            for group, options in config.items()
        }

    def _stored_config(self, domain_id: str) -> dict[str, Any]:
        config = self.domain_configs.get(domain_id)
        if config is None:
            raise fakes.Fault(
                404, f"Could not find config in domain configuration for domain {domain_id}."
            )
        return config

    @fakes.route("PUT", "/v3/domains/{domain_id}/config")
    def create_domain_config(self, request: fakes.Request, domain_id: str) -> fakes.Response:
        """Create (201) or replace (200) the domain's configuration (admin)."""
        spec = self._config(request, domain_id, "create_domain_config")
        status = 200 if domain_id in self.domain_configs else 201
        self.domain_configs[domain_id] = {group: dict(options) for group, options in spec.items()}
        shown = self._shown_config(self.domain_configs[domain_id])
        return fakes.Response.json({"config": shown}, status)

    @fakes.route("GET", "/v3/domains/{domain_id}/config")
    def get_domain_config(self, request: fakes.Request, domain_id: str) -> dict[str, Any]:
        """The domain's configuration, without its sensitive options (admin)."""
        self.admin(request, "get_domain_config")
        self.entity("domain", domain_id)
        return {"config": self._shown_config(self._stored_config(domain_id))}

    @fakes.route("PATCH", "/v3/domains/{domain_id}/config")
    def update_domain_config(self, request: fakes.Request, domain_id: str) -> dict[str, Any]:
        """Change options of the groups given (admin)."""
        spec = self._config(request, domain_id, "update_domain_config")
        config = self._stored_config(domain_id)
        for group, options in spec.items():
            config.setdefault(group, {}).update(options)
        return {"config": self._shown_config(config)}

    @fakes.route("DELETE", "/v3/domains/{domain_id}/config")
    def delete_domain_config(self, request: fakes.Request, domain_id: str) -> None:
        """Delete the domain's configuration (204 also when there is none; admin)."""
        self.admin(request, "delete_domain_config")
        self.entity("domain", domain_id)
        self.domain_configs.pop(domain_id, None)
