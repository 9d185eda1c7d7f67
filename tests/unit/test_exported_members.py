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
    assert proxy.__all__ == ["Proxy"]
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
