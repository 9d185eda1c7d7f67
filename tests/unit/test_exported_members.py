"""Pin the public surface: a change here is a change to the public API."""

from __future__ import annotations

import openstack_core
from openstack_core import exceptions, pagination, plugins, proxy, resource, testing


def test_top_level_exports() -> None:
    assert openstack_core.__all__ == [
        "PLUGIN_API_VERSION",
        "CloudConfig",
        "Connection",
        "__version__",
        "connect",
        "exceptions",
    ]
    for name in openstack_core.__all__:
        assert getattr(openstack_core, name) is not None


def test_public_modules_exports() -> None:
    assert resource.__all__ == [
        "URI",
        "Body",
        "Computed",
        "Header",
        "QueryParameters",
        "Resource",
        "csv",
        "quote_segment",
        "wait_for_delete",
        "wait_for_status",
    ]
    assert proxy.__all__ == ["Proxy", "RequestRecord"]
    assert pagination.__all__ == [
        "LinksPagination",
        "MarkerPagination",
        "NoPagination",
        "OffsetPagination",
        "Pagination",
        "query_of",
    ]
    assert plugins.__all__ == [
        "NAMESPACE",
        "PLUGIN_API_VERSION",
        "EntryName",
        "Violation",
        "check_plugin",
        "contract_violations",
        "parse_name",
    ]
    assert testing.__all__ == ["FakeCloud", "fake_cloud"]
    assert exceptions.__all__ == [
        "BadRequestException",
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
    for module in (openstack_core, exceptions, pagination, plugins, proxy, resource, testing):
        assert module.__doc__, module.__name__
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not isinstance(obj, str):
                assert obj.__doc__, f"{module.__name__}.{name}"


def test_plugin_api_version_is_semver_like() -> None:
    major, minor = openstack_core.PLUGIN_API_VERSION.split(".")
    assert major.isdigit() and minor.isdigit()
    assert openstack_core.PLUGIN_API_VERSION == "1.1"


# The plugin API of docs/plugins.md: hooks a plugin overrides or sets, and helpers it
# calls. Removing or renaming one is a new plugin API major.
PROXY_PLUGIN_API = (
    "service_type",
    "api_version",
    "plugin_api_version",
    "service_aliases",
    "catalog_types",
    "microversioned",
    "endpoint_template",
    "retriable_status_codes",
    "requests_auth",
    "exception_for_response",
    "on_response",
    "microversion_for",
    "request",
    "wait_for_status",
    "wait_for_delete",
    # openstacksdk's helper names, kept so ported proxies work unchanged:
    "_get",
    "_list",
    "_find",
    "_create",
    "_update",
    "_delete",
    "_head",
    "_get_resource",
    "_wait_for_status",
    # names plugins written for plugin API 1.0 call; aliases of the public ones:
    "_microversion_for",
)
RESOURCE_PLUGIN_API = (
    "extract_one",
    "extract_list",
    "pagination",
    "resource_path",
    "translate_response",
    "invoke_action",
    "pick_match",
    "_url",
    "_translate",
)


def test_plugin_api_members_exist_and_are_documented() -> None:
    for name in PROXY_PLUGIN_API:
        member = getattr(proxy.Proxy, name)
        if callable(member) and not name.startswith("_"):
            assert member.__doc__, f"Proxy.{name}"
    for name in RESOURCE_PLUGIN_API:
        member = getattr(resource.Resource, name)
        if callable(member) and not name.startswith("_"):
            assert member.__doc__, f"Resource.{name}"
    assert proxy.RequestRecord.__doc__
    assert exceptions.exception_from_response.__kwdefaults__ == {
        "method": None,
        "url": None,
        "details": None,
        "error_message": None,
        "cls": None,
    }
