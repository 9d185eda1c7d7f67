"""The plugin API, declared: the whole contract between openstack-core and a plugin.

A service plugin is a distribution that registers its versioned Proxy under the
entry-point group :data:`NAMESPACE` (``openstack_core.services``), named
``<service-type>.v<major>``; it may register an in-memory fake of its service under
:data:`FAKES_NAMESPACE` with the same name. ``docs/plugins.md`` walks through it.

Every core member a plugin may touch is listed in :data:`MEMBERS`, in four kinds:

``hook``
    Override it (a method) or set it (a class attribute) in your class.
``helper``
    Call or read it; never override it.
``compat``
    openstacksdk's underscore names, kept so ported code runs: call the helpers
    (``_get``, ``_list``, ...) and set the declarations (``_query_mapping``,
    ``_max_microversion``).
``deprecated``
    Plugin API 1.x names with a public replacement (``instead``): accepted from
    plugins that declare a 1.x ``plugin_api_version``, refused by ``check-plugin``
    for 2.x plugins.

Anything else of the core is internal, whatever its name. It is enforced where the
plugin meets the core, as pluggy verifies hook implementations: when a plugin's Proxy,
Resource, Pagination or FakeService (or Accounts) class is defined, overriding or
shadowing an undeclared core member, or using a private one in its methods, raises
``TypeError`` naming the file, the line and the public alternative (so the loader
reports ``PluginLoadError``), and ``python -m openstack_core check-plugin`` reports
every such place, plus imports of private core modules.

Versions (:data:`PLUGIN_API_VERSION`): a minor adds, a major changes. This core loads
plugins written for ``2.0`` and ``2.1`` and, in compatibility, for ``1.0`` and ``1.1``;
see ``docs/plugins.md`` (Plugin API versions) for what 2.0 changed and how to migrate.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from openstack_core._version import PLUGIN_API_VERSION

if TYPE_CHECKING:
    from openstack_core._conformance import Violation, check_plugin

__all__ = [
    "COMPAT",
    "DEPRECATED",
    "FAKES_NAMESPACE",
    "HELPER",
    "HOOK",
    "MEMBERS",
    "NAMESPACE",
    "PLUGIN_API_VERSION",
    "SUPPORTED_VERSIONS",
    "EntryName",
    "Member",
    "Violation",
    "check_plugin",
    "contract_violations",
    "members_of",
    "parse_name",
]

#: Entry-point group every service plugin registers its Proxy under.
NAMESPACE = "openstack_core.services"
#: Entry-point group of the in-memory fakes of services (the local cloud), with the
#: same ``<service-type>.v<major>`` names as :data:`NAMESPACE`.
FAKES_NAMESPACE = "openstack_core.fakes"
#: The plugin API versions this core loads: ``{major: newest minor}``.
SUPPORTED_VERSIONS: dict[int, int] = {1: 1, 2: 1}

HOOK = "hook"
HELPER = "helper"
COMPAT = "compat"
DEPRECATED = "deprecated"


class Member(NamedTuple):
    """One declared member: where it lives, what a plugin may do with it, and since
    which plugin API version."""

    owner: str
    name: str
    kind: str
    since: str
    summary: str
    #: For deprecated members: the name to use instead.
    instead: str = ""


def _declare(owner: str, kind: str, since: str, table: str) -> list[Member]:
    """Members from ``name: summary`` lines (a ``name -> instead: summary`` line gives a
    replacement)."""
    found = []
    for line in table.strip().splitlines():
        head, _, summary = line.strip().partition(": ")
        name, _, instead = head.partition(" -> ")
        found.append(Member(owner, name.strip(), kind, since, summary.strip(), instead.strip()))
    return found


#: Every declared member, grouped by owner (a class, or a module for functions).
MEMBERS: tuple[Member, ...] = tuple(
    [
        *_declare(
            "Proxy",
            HOOK,
            "1.0",
            """
            service_type: the service type (os-service-types), as in the entry-point name
            api_version: the API's major version, an int, as in the entry-point name
            plugin_api_version: the plugin API version the plugin was written for
            service_aliases: extra conn.<name> names for types os-service-types lacks
            endpoint_template: build the endpoint from the catalog URL ("{endpoint}/v2")
            retriable_status_codes: the status codes keystoneauth1 retries, a tuple
            requests_auth: a requests auth object that signs this service's requests
            exception_for_response: the exception for one of this service's error answers
            """,
        ),
        *_declare(
            "Proxy",
            HOOK,
            "1.1",
            """
            catalog_types: other types the catalog may list the service under
            microversioned: whether the API has microversions
            on_response: called after every request of this service (metrics)
            """,
        ),
        *_declare(
            "Proxy",
            HOOK,
            "2.0",
            """
            version_discovery: False: use the catalog URL without version discovery
            version_suffix: the version's path segment, appended when the URL lacks it
            resolve_endpoint: the endpoint requests go to, from the catalog and discovery
            endpoint_resource: the Resource get_endpoint(value) fetches (Keystone's endpoint)
            __init__: per-instance state of the plugin's own; call super().__init__ first
            """,
        ),
        *_declare(
            "Proxy",
            HELPER,
            "1.0",
            """
            request: send a request; HTTP errors raise the service's exceptions
            service_options: the user's <service>_* settings without the prefix
            wait_for_status: poll a resource until it reaches a status
            wait_for_delete: poll a resource until it is gone
            get_endpoint: the endpoint URL requests use
            get_endpoint_data: keystoneauth1's endpoint data (version discovery)
            get_project_id: the project id of the current token
            get_user_id: the user id of the current token
            region_name: the region this Proxy talks to
            interface: the endpoint interface (public, internal, admin)
            default_microversion: the user's pinned microversion, if any
            endpoint_override: the user's endpoint override, if any
            session: the keystoneauth1 Session shared by the Connection
            get: request(url, "GET", ...)
            post: request(url, "POST", ...)
            put: request(url, "PUT", ...)
            patch: request(url, "PATCH", ...)
            delete: request(url, "DELETE", ...)
            head: request(url, "HEAD", ...)
            """,
        ),
        *_declare(
            "Proxy",
            HELPER,
            "1.1",
            """
            microversion_for: the microversion to send for an action on a resource type
            """,
        ),
        *_declare(
            "Proxy",
            HELPER,
            "2.0",
            """
            catalog_endpoint: the service's catalog URL, without version discovery
            discover_endpoint: keystoneauth1's discovered endpoint of the major version
            """,
        ),
        *_declare(
            "Proxy",
            COMPAT,
            "1.0",
            """
            _get: fetch one resource by id, dict or instance
            _list: iterate over a resource collection
            _find: find a resource by id or name
            _create: create a resource from attributes
            _update: commit changed attributes of a resource
            _delete: delete a resource; ignore_missing
            _head: refresh a resource with HEAD
            _get_resource: an id, dict or instance as a resource object
            _wait_for_status: openstacksdk's name of wait_for_status
            """,
        ),
        *_declare(
            "Proxy",
            DEPRECATED,
            "1.0",
            """
            _microversion_for -> microversion_for: the 1.0 name of microversion_for
            """,
        ),
        *_declare(
            "Resource",
            HOOK,
            "1.0",
            """
            base_path: the collection path, with %(name)s URI parameters
            resource_key: the envelope key of one resource, or None
            resources_key: the envelope key of a list, or None for a bare list
            allow_create: whether create is supported
            allow_fetch: whether fetch is supported
            allow_commit: whether commit is supported
            allow_delete: whether delete is supported
            allow_list: whether list is supported
            allow_head: whether head is supported
            allow_patch: whether JSON-patch commits are supported
            commit_method: PUT, PATCH or POST for commit
            commit_jsonpatch: commit sends an RFC 6902 patch of the changed paths
            patch_media_type: the Content-Type of JSON patches
            create_method: POST (to the collection) or PUT (to base_path/<id>)
            create_requires_id: create addresses base_path/<id>
            create_exclude_id_from_body: create leaves the id out of the body
            requires_id: fetch, commit and delete address base_path/<id>
            pagination: the paging strategy (openstack_core.pagination)
            id: the id field; may be redeclared (e.g. Body("name"))
            name: the name field; may be redeclared
            location: a computed field; may be redeclared
            extract_one: the resource's dict in a decoded answer
            extract_list: the list of raw items in a decoded page
            create: the create operation; override and call super() for extra steps
            fetch: the fetch operation
            head: the head operation
            commit: the commit operation
            delete: the delete operation
            list: the list operation (a classmethod generator)
            find: the find-by-id-or-name operation
            """,
        ),
        *_declare(
            "Resource",
            HOOK,
            "1.1",
            """
            translate_response: take the server's view of the resource from a response
            """,
        ),
        *_declare(
            "Resource",
            HOOK,
            "2.0",
            """
            request_body: the JSON sent by create and commit (None: no body)
            value_for_server: the value stored when a body key is set (REMOVE removes)
            log_bodies: False keeps request and answer bodies out of debug logs
            allow_extra_attributes: keep undeclared keys in the body (free-form properties)
            attribute_synonyms: other names accepted on set for an attribute
            """,
        ),
        *_declare(
            "Resource",
            HELPER,
            "1.0",
            """
            new: a resource not yet saved (every attribute dirty)
            existing: a resource as the server holds it (nothing dirty)
            to_dict: the attributes as a dict
            microversion: the microversion the last request used
            is_dirty: whether there are unsaved changes
            __getitem__: an attribute by name or server-side name
            """,
        ),
        *_declare(
            "Resource",
            HELPER,
            "1.1",
            """
            resource_path: the resource's path with segments, each percent-encoded
            invoke_action: send an action to the resource
            pick_match: how find ends: one match, DuplicateResource or not found
            """,
        ),
        *_declare(
            "Resource",
            HELPER,
            "2.0",
            """
            set_from_server: set attributes to server values without dirtying them
            extra_attributes: the undeclared body keys
            keys: the attribute names (Mapping)
            values: the attribute values (Mapping)
            items: the (name, value) pairs (Mapping)
            get: an attribute or a default (Mapping)
            __iter__: iterate over the attribute names (Mapping)
            __len__: the number of attributes (Mapping)
            __contains__: whether a name is an attribute (Mapping)
            """,
        ),
        *_declare(
            "Resource",
            COMPAT,
            "1.0",
            """
            _query_mapping: the accepted list filters (QueryParameters)
            _max_microversion: the highest microversion the resource understands
            """,
        ),
        *_declare(
            "Resource",
            DEPRECATED,
            "1.0",
            """
            _url -> resource_path: the 1.0 name of resource_path()
            _translate -> translate_response: the 1.0 name of translate_response()
            """,
        ),
        *_declare(
            "Pagination",
            HOOK,
            "1.0",
            """
            next_page: the next page's query parameters, or None after the last page
            """,
        ),
        *_declare(
            "openstack_core.resource",
            HELPER,
            "1.0",
            """
            Resource: the base class of resources
            Body: a field kept in the JSON body
            Header: a field carried in a header
            URI: a path parameter of base_path
            Computed: a client-side field
            QueryParameters: the list filters a resource accepts
            csv: a query formatter for comma-separated lists
            quote_segment: percent-encode one path segment
            wait_for_status: poll a resource until it reaches a status
            wait_for_delete: poll a resource until it is gone
            """,
        ),
        *_declare(
            "openstack_core.resource",
            HELPER,
            "2.0",
            """
            HeaderDict: every header with a prefix, as a dict
            REMOVE: value_for_server's answer to remove a key
            id_of: the id of a resource, a dict or an id
            decode_json: a response's JSON body; InvalidResponse naming the call if not JSON
            at_least: whether a negotiated microversion is a given one or newer
            poll: call a check until it answers, with back-off and a timeout
            """,
        ),
        *_declare(
            "openstack_core.resource",
            HELPER,
            "2.1",
            """
            lazy: a Resource class named by module and name, imported on first use
            """,
        ),
        *_declare(
            "openstack_core.pagination",
            HELPER,
            "1.0",
            """
            Pagination: the base of paging strategies
            LinksPagination: next links in headers or bodies (the default)
            MarkerPagination: marker/limit paging without links
            OffsetPagination: offset/limit paging
            NoPagination: everything in one answer
            query_of: the query parameters of a link
            """,
        ),
        *_declare(
            "openstack_core.crud",
            HELPER,
            "2.0",
            """
            lister: declare xs(**query)
            getter: declare get_x(x)
            finder: declare find_x(name_or_id, ignore_missing=True, **query)
            creator: declare create_x(**attrs)
            updater: declare update_x(x, **attrs)
            deleter: declare delete_x(x, ignore_missing=True)
            Method: the descriptor the declarations return
            """,
        ),
        *_declare(
            "openstack_core.proxy",
            HELPER,
            "1.1",
            """
            Proxy: the base class of a service's versioned Proxy
            RequestRecord: what on_response (and every observer) learns about one request
            """,
        ),
        *_declare(
            "openstack_core.exceptions",
            HELPER,
            "1.0",
            """
            exception_from_response: build the exception for an error response
            """,
        ),
        *_declare(
            "FakeService",
            HOOK,
            "2.0",
            """
            service_type: the service type, as in the fake's entry-point name
            api_version: the API's major version, as in the fake's entry-point name
            plugin_api_version: the plugin API version the fake was written for
            prefix: the URL path the fake is served under (default: the service type)
            catalog_path: appended to the prefix in the catalog ("/v2.1")
            catalog_name: the service's name in the catalog (nova, glance)
            version_id: the version's id in version documents ("v2.1")
            microversions: the (minimum, maximum) microversions served, or None
            microversion_name: the service name in OpenStack-API-Version
            legacy_microversion_header: the service's own microversion header, if any
            request_id_headers: the headers that carry the request id
            default_settings: the fake's settings and their defaults
            __init__: the fake's state; call super().__init__(context) first
            version_document: the answer to GET on the prefix and the catalog URL
            version_entry: this version in a version document
            error: the service's error answer for a status and message
            dump_state: the fake's state as JSON-serialisable data
            load_state: take back what dump_state returned
            """,
        ),
        *_declare(
            "FakeService",
            HELPER,
            "2.0",
            """
            clock: the local cloud's clock
            settings: the fake's settings (default_settings and the cloud's)
            now: the cloud's time in epoch seconds
            call: a request to another fake, as the caller of a request
            """,
        ),
        *_declare(
            "Accounts",
            HOOK,
            "2.1",
            """
            find_user: the enabled user an authentication request names, or None
            check_password: whether a password is the user's
            find_project: the enabled project a scope names, or None
            find_domain: the enabled domain a reference names, or None
            find_role: the global role a reference names, or None
            effective_roles: the roles a token of a user on a project carries
            user_projects: the enabled projects a user has a role on
            credentials: the clouds.yaml auth sections of the seeded users, by name
            """,
        ),
        *_declare(
            "Accounts",
            HELPER,
            "2.1",
            """
            revoke_tokens: end every token of a user (a password change)
            """,
        ),
        *_declare(
            "openstack_core.fakes",
            HELPER,
            "2.1",
            """
            Accounts: the base of a fake of identity, the accounts behind the core's Keystone
            """,
        ),
        *_declare(
            "openstack_core.fakes",
            HELPER,
            "2.0",
            """
            FakeService: the base class of a fake of a service version
            route: declare a method as the handler of a method and path
            Request: a request as a handler sees it
            Response: a handler's answer (JSON, empty, text, streamed data)
            Fault: raise it to answer an error in the service's own shape
            Auth: who sent a request (from the token)
            Page: one page of a listing and its next marker
            paginate: the page a marker/limit query asks for
            Clock: the local cloud's time; frozen and advanced in tests
            new_id: a new UUID4 text
            request_id: a request id (req-<uuid>)
            isotime: epoch seconds as ISO 8601
            parse_time: ISO 8601 as epoch seconds
            """,
        ),
    ]
)


def members_of(owner: str, *kinds: str) -> dict[str, Member]:
    """The declared members of ``owner`` (``"Proxy"``, ``"Resource"``, a module...),
    by name, limited to ``kinds`` when given."""
    return {m.name: m for m in MEMBERS if m.owner == owner and (not kinds or m.kind in kinds)}


# -- entry points and the Proxy contract ----------------------------------------------

_NAME = re.compile(r"^(?P<type>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.v(?P<major>\d+)$")
_API_VERSION = re.compile(r"^(\d+)\.(\d+)$")


# A NamedTuple, not a frozen dataclass: importing dataclasses costs about 3 ms of
# ``import openstack_core`` (it pulls in inspect, ast and dis).
class EntryName(NamedTuple):
    """A parsed entry-point name: ``compute.v2`` -> service type and major version."""

    service_type: str
    major: int

    def __str__(self) -> str:
        return f"{self.service_type}.v{self.major}"


def parse_name(name: str) -> EntryName | None:
    """``"compute.v2"`` -> ``EntryName("compute", 2)``; ``None`` if it is malformed."""
    match = _NAME.match(name)
    if match is None:
        return None
    return EntryName(match.group("type"), int(match.group("major")))


def plugin_api_problem(declared: object) -> str | None:
    """Why this core cannot load a plugin written for plugin API ``declared``; None if
    it can (a supported major, with a minor no newer than the core's)."""
    match = _API_VERSION.match(declared) if isinstance(declared, str) else None
    if match is None:
        return f"plugin_api_version must look like '2.0', not {declared!r}"
    major, minor = int(match.group(1)), int(match.group(2))
    supported = ", ".join(f"{m}.0-{m}.{n}" for m, n in sorted(SUPPORTED_VERSIONS.items()))
    if major not in SUPPORTED_VERSIONS:
        return (
            f"it was written for plugin API {declared!r}, but this openstack-core loads "
            f"plugin API {supported}: install an openstack-core that supports {major}.x, "
            f"or a release of the plugin for {PLUGIN_API_VERSION}"
        )
    if minor > SUPPORTED_VERSIONS[major]:
        return (
            f"it was written for plugin API {declared!r}, newer than this openstack-core's "
            f"({supported}): upgrade openstack-core"
        )
    return None


def declared_major(cls: type) -> int | None:
    """The major of the ``plugin_api_version`` a Proxy class declares, if it parses."""
    match = _API_VERSION.match(str(getattr(cls, "plugin_api_version", "")))
    return int(match.group(1)) if match else None


def identity_problems(obj: type, entry: EntryName, own: set[str]) -> list[str]:
    """The contract a Proxy and a fake share: ``service_type``, ``api_version`` and
    ``plugin_api_version`` declared by the plugin's classes (``own``: their names), the
    first two as in the entry-point name, the third one this core loads."""
    problems = []
    for attr in ("service_type", "api_version", "plugin_api_version"):
        if attr not in own:
            problems.append(f"{obj.__qualname__} does not declare {attr}")
    service_type = getattr(obj, "service_type", None)
    if "service_type" in own and service_type != entry.service_type:
        problems.append(
            f"{obj.__qualname__}.service_type is {service_type!r} but the entry point "
            f"is named for {entry.service_type!r}"
        )
    api_version = getattr(obj, "api_version", None)
    if "api_version" in own and api_version != entry.major:
        problems.append(
            f"{obj.__qualname__}.api_version is {api_version!r} but the entry point "
            f"is named for major version {entry.major}"
        )
    if "plugin_api_version" in own:
        problem = plugin_api_problem(getattr(obj, "plugin_api_version", None))
        if problem is not None:
            problems.append(f"{obj.__qualname__}: {problem}")
    return problems


def contract_violations(obj: Any, entry: EntryName) -> list[str]:
    """Every way ``obj``, loaded for ``entry``, breaks the contract; empty when it holds."""
    from openstack_core.proxy import Proxy

    if not isinstance(obj, type) or not issubclass(obj, Proxy):
        return [f"{obj!r} is not a subclass of openstack_core.proxy.Proxy"]
    core = {k for k in Proxy.__mro__ if k.__module__.startswith(("openstack_core.", "keystone"))}
    own = {name for klass in obj.__mro__ if klass not in core for name in vars(klass)}
    problems = identity_problems(obj, entry, own)
    for attr in ("service_aliases", "catalog_types"):
        names = getattr(obj, attr)
        if not isinstance(names, tuple) or not all(isinstance(a, str) for a in names):
            problems.append(f"{obj.__qualname__}.{attr} must be a tuple of str")
    for attr in ("microversioned", "version_discovery"):
        if not isinstance(getattr(obj, attr), bool):
            problems.append(f"{obj.__qualname__}.{attr} must be True or False")
    for attr in ("endpoint_template", "version_suffix"):
        value = getattr(obj, attr)
        if value is not None and not isinstance(value, str):
            problems.append(f"{obj.__qualname__}.{attr} must be a str or None")
    codes = obj.retriable_status_codes
    if not isinstance(codes, tuple) or not all(isinstance(c, int) for c in codes):
        problems.append(f"{obj.__qualname__}.retriable_status_codes must be a tuple of int")
    return problems


def verify_class(cls: type) -> None:
    """Check a plugin class against the declared API when it is defined; TypeError
    naming every violation (file, line, what to use instead)."""
    from openstack_core import _enforcement

    _enforcement.verify(cls)


def __getattr__(name: str) -> Any:
    # The checker imports Proxy and Resource; load it only when asked for.
    if name in ("check_plugin", "Violation"):
        from openstack_core import _conformance

        return getattr(_conformance, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
