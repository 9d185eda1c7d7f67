"""Pin the public surface: a change here is a change to the public API."""

from __future__ import annotations

import importlib
from typing import Any

import openstack_core
from openstack_core import (
    crud,
    exceptions,
    fakes,
    observe,
    pagination,
    plugin_api,
    plugins,
    proxy,
    resource,
    testing,
)


def test_top_level_exports() -> None:
    assert openstack_core.__all__ == [
        "PLUGIN_API_VERSION",
        "CloudConfig",
        "Connection",
        "__version__",
        "connect",
        "enable_logging",
        "exceptions",
    ]
    for name in openstack_core.__all__:
        assert getattr(openstack_core, name) is not None


def test_public_modules_exports() -> None:
    assert resource.__all__ == [
        "REMOVE",
        "URI",
        "Body",
        "Computed",
        "Header",
        "HeaderDict",
        "QueryParameters",
        "Resource",
        "at_least",
        "csv",
        "decode_json",
        "id_of",
        "lazy",
        "poll",
        "quote_segment",
        "wait_for_delete",
        "wait_for_status",
    ]
    assert proxy.__all__ == ["Proxy", "RequestRecord"]
    assert observe.__all__ == ["Observer", "RequestRecord", "add_observer", "remove_observer"]
    assert observe.RequestRecord is proxy.RequestRecord
    assert crud.__all__ == ["Method", "creator", "deleter", "finder", "getter", "lister", "updater"]
    assert pagination.__all__ == [
        "LinksPagination",
        "MarkerPagination",
        "NoPagination",
        "OffsetPagination",
        "Pagination",
        "query_of",
    ]
    assert plugin_api.__all__ == [
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
    # The 1.x module of the contract keeps its names.
    assert plugins.__all__ == [
        "NAMESPACE",
        "PLUGIN_API_VERSION",
        "EntryName",
        "Violation",
        "check_plugin",
        "contract_violations",
        "parse_name",
    ]
    assert testing.__all__ == [
        "FakeCloud",
        "LocalCloud",
        "LocalConnection",
        "fake_cloud",
        "local_cloud",
        "openstacksdk_gaps",
    ]
    assert fakes.__all__ == [
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
    assert exceptions.__all__ == [
        "BadRequestException",
        "BodyNotResent",
        "ConfigException",
        "ConflictException",
        "DiscoveryError",
        "DuplicateResource",
        "EndpointNotFound",
        "ForbiddenException",
        "HttpException",
        "InvalidRequest",
        "InvalidResourceQuery",
        "InvalidResponse",
        "MethodNotSupported",
        "NotFoundException",
        "NotSupported",
        "PluginConflictError",
        "PluginLoadError",
        "PreconditionFailedException",
        "RequestEntityTooLarge",
        "ResourceFailure",
        "ResourceNotFound",
        "ResourceTimeout",
        "SDKConnectionError",
        "SDKException",
        "SSLError",
        "ServerError",
        "ServiceNotInstalled",
        "TooManyRequests",
        "UnauthorizedException",
        "exception_from_response",
    ]
    assert exceptions.ResourceNotFound is exceptions.NotFoundException


def test_every_public_name_is_documented() -> None:
    modules = (
        openstack_core,
        crud,
        exceptions,
        fakes,
        observe,
        pagination,
        plugin_api,
        plugins,
        proxy,
    )
    for module in (*modules, resource, testing):
        assert module.__doc__, module.__name__
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not isinstance(obj, str):
                assert obj.__doc__, f"{module.__name__}.{name}"


def test_plugin_api_version() -> None:
    assert openstack_core.PLUGIN_API_VERSION == "2.1"
    assert plugin_api.SUPPORTED_VERSIONS == {1: 1, 2: 1}


# The declared plugin API, pinned: (owner, kind) -> names. Adding is a new minor of the
# plugin API; changing or removing anything is a new major.
PINNED = {
    ("Proxy", "hook"): {
        "service_type",
        "api_version",
        "plugin_api_version",
        "service_aliases",
        "endpoint_template",
        "retriable_status_codes",
        "requests_auth",
        "exception_for_response",
        "catalog_types",
        "microversioned",
        "on_response",
        "version_discovery",
        "version_suffix",
        "resolve_endpoint",
        "endpoint_resource",
        "__init__",
    },
    ("Proxy", "helper"): {
        "request",
        "service_options",
        "wait_for_status",
        "wait_for_delete",
        "get_endpoint",
        "get_endpoint_data",
        "get_project_id",
        "get_user_id",
        "region_name",
        "interface",
        "default_microversion",
        "endpoint_override",
        "session",
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "microversion_for",
        "catalog_endpoint",
        "discover_endpoint",
    },
    ("Proxy", "compat"): {
        "_get",
        "_list",
        "_find",
        "_create",
        "_update",
        "_delete",
        "_head",
        "_get_resource",
        "_wait_for_status",
    },
    ("Proxy", "deprecated"): {"_microversion_for"},
    ("Resource", "hook"): {
        "base_path",
        "resource_key",
        "resources_key",
        "allow_create",
        "allow_fetch",
        "allow_commit",
        "allow_delete",
        "allow_list",
        "allow_head",
        "allow_patch",
        "commit_method",
        "commit_jsonpatch",
        "patch_media_type",
        "create_method",
        "create_requires_id",
        "create_exclude_id_from_body",
        "requires_id",
        "pagination",
        "id",
        "name",
        "location",
        "extract_one",
        "extract_list",
        "create",
        "fetch",
        "head",
        "commit",
        "delete",
        "list",
        "find",
        "translate_response",
        "request_body",
        "value_for_server",
        "log_bodies",
        "allow_extra_attributes",
        "attribute_synonyms",
    },
    ("Resource", "helper"): {
        "new",
        "existing",
        "to_dict",
        "microversion",
        "is_dirty",
        "__getitem__",
        "resource_path",
        "invoke_action",
        "pick_match",
        "set_from_server",
        "extra_attributes",
        "keys",
        "values",
        "items",
        "get",
        "__iter__",
        "__len__",
        "__contains__",
    },
    ("Resource", "compat"): {"_query_mapping", "_max_microversion"},
    ("Resource", "deprecated"): {"_url", "_translate"},
    ("Pagination", "hook"): {"next_page"},
    ("FakeService", "hook"): {
        "service_type",
        "api_version",
        "plugin_api_version",
        "prefix",
        "catalog_path",
        "catalog_name",
        "version_id",
        "microversions",
        "microversion_name",
        "legacy_microversion_header",
        "request_id_headers",
        "default_settings",
        "__init__",
        "version_document",
        "version_entry",
        "error",
        "dump_state",
        "load_state",
    },
    ("FakeService", "helper"): {"clock", "settings", "now", "call"},
    # 2.1: the base of identity fakes, the accounts behind the core's Keystone.
    ("Accounts", "hook"): {
        "find_user",
        "check_password",
        "find_project",
        "find_domain",
        "find_role",
        "effective_roles",
        "user_projects",
        "credentials",
    },
    ("Accounts", "helper"): {"revoke_tokens"},
}


def test_plugin_api_is_pinned() -> None:
    declared: dict[tuple[str, str], set[str]] = {}
    for member in plugin_api.MEMBERS:
        if member.owner in ("Proxy", "Resource", "Pagination", "FakeService", "Accounts"):
            declared.setdefault((member.owner, member.kind), set()).add(member.name)
    assert declared == PINNED


def test_every_declared_member_exists_and_is_documented() -> None:
    owners: dict[str, Any] = {
        "Proxy": proxy.Proxy,
        "Resource": resource.Resource,
        "Pagination": pagination.Pagination,
        "FakeService": fakes.FakeService,
        "Accounts": fakes.Accounts,
    }
    for member in plugin_api.MEMBERS:
        assert member.summary, member
        assert member.since in ("1.0", "1.1", "2.0", "2.1"), member
        if member.kind == plugin_api.DEPRECATED:
            assert member.instead, member
        owner = owners.get(member.owner)
        if owner is None:  # a module's function or class
            module = importlib.import_module(member.owner)
            assert member.name in module.__all__, member
            obj = getattr(module, member.name)
        else:
            instance_attribute = member.name in (
                "service_options",
                "session",
                "region_name",
                "interface",
                "default_microversion",
                "endpoint_override",
                "clock",
                "settings",
            )
            if instance_attribute:
                continue
            obj = getattr(owner, member.name)
        if callable(obj) and not member.name.startswith("_") and not isinstance(obj, type):
            assert obj.__doc__, f"{member.owner}.{member.name}"


def test_module_exports_are_declared() -> None:
    # Every public name of the modules a plugin imports is in the declared API.
    for module in (resource, pagination, crud, proxy, fakes):
        declared = set(plugin_api.members_of(module.__name__))
        assert set(module.__all__) == declared, module.__name__


def test_exception_from_response_keywords() -> None:
    assert exceptions.exception_from_response.__kwdefaults__ == {
        "method": None,
        "url": None,
        "details": None,
        "error_message": None,
        "cls": None,
        "error_code": None,
    }
