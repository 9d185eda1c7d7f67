"""keystoneauth1's exceptions as ours, each saying where it happened and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import requests
import urllib3
from keystoneauth1 import exceptions as ksa_exc

from openstack_core import exceptions

__all__ = ["translate_keystoneauth_error"]


def translate_keystoneauth_error(
    exc: ksa_exc.ClientException,
    where: str,
    *,
    service_type: str | None,
    region_name: str | None,
    interface: str | None,
    catalog_types: Sequence[str] = (),
    timeout: Any = None,
) -> exceptions.SDKException:
    """Our exception for a keystoneauth1 error, saying where and what to do.

    HTTP errors keystoneauth1 raises (authentication answering 401, ...) are mapped the
    default way: they are the identity service's answers, never a plugin's. ``timeout``
    is the request's timeout in seconds, named when it ran out.
    """
    if isinstance(exc, ksa_exc.SSLError):
        return exceptions.SSLError(
            f"{where}: TLS verification failed: {exc}. Set cacert to the CA bundle that "
            "signed the endpoint's certificate (verification stays on by default)"
        )
    if isinstance(exc, ksa_exc.ConnectTimeout) and isinstance(
        _cause(exc), requests.exceptions.ReadTimeout
    ):
        # keystoneauth1 raises ConnectTimeout for every requests Timeout, read included.
        return exceptions.SDKConnectionError(_read_timeout(where, timeout))
    if isinstance(exc, ksa_exc.ConnectFailure) and _aborted(exc):
        return exceptions.SDKConnectionError(
            f"{where}: the connection was closed before the answer arrived ({_cause(exc)}); "
            "the service may or may not have carried the request out. Retry it (after a "
            "create, look for the new resource first); if it keeps happening, check the "
            "proxies and load balancers in front of the service"
        )
    if isinstance(exc, (ksa_exc.ConnectFailure, ksa_exc.ConnectTimeout)):
        return exceptions.SDKConnectionError(
            f"{where}: could not connect: {exc}. Check the endpoint URL and the network"
        )
    if isinstance(exc, ksa_exc.UnknownConnectionError):
        # Raised for a requests error that is neither a timeout nor a connection
        # failure: in practice the connection broke while the body was being read.
        return exceptions.SDKConnectionError(
            f"{where}: the connection broke while the answer was being read "
            f"({type(_cause(exc)).__name__}: {_cause(exc)}). Retry the request; if it keeps "
            "failing, check the proxies and load balancers in front of the service"
        )
    if isinstance(exc, ksa_exc.RequestTimeout):
        return exceptions.SDKConnectionError(
            f"{where}: no answer in time: {exc}. Raise api_timeout or retry later"
        )
    if isinstance(exc, (ksa_exc.EndpointNotFound, ksa_exc.EmptyCatalog)):
        key = (service_type or "service").replace("-", "_")
        also = "".join(f" or {t!r}" for t in catalog_types)
        return exceptions.EndpointNotFound(
            f"The catalog has no {service_type!r}{also} endpoint for region {region_name!r} and "
            f"interface {interface!r}. Check region_name and interface, or set "
            f"{key}_endpoint_override",
            service_type=service_type,
            region_name=region_name,
            interface=interface,
        )
    if isinstance(exc, ksa_exc.DiscoveryFailure):
        return exceptions.DiscoveryError(
            f"{where}: version discovery failed: {exc}. Check the endpoint in the catalog "
            "or set an endpoint_override"
        )
    if isinstance(exc, ksa_exc.HttpError) and exc.response is not None:
        # Raised by keystoneauth1 itself, e.g. when authentication answers 401.
        return exceptions.exception_from_response(exc.response)
    if isinstance(exc, (ksa_exc.MissingAuthPlugin, ksa_exc.AuthPluginException)):
        return exceptions.ConfigException(f"{where}: authentication is not usable: {exc}")
    return exceptions.SDKException(f"{where}: {type(exc).__name__}: {exc}")


def _cause(exc: ksa_exc.ClientException) -> BaseException | None:
    """The requests error keystoneauth1 raised ``exc`` for."""
    original = getattr(exc, "original", None)
    return original if isinstance(original, BaseException) else exc.__context__


def _aborted(exc: ksa_exc.ClientException) -> bool:
    """Whether a connection was made and then closed or reset before the answer came
    (requests' ConnectionError around urllib3's ProtocolError), rather than refused."""
    cause = _cause(exc)
    return (
        isinstance(cause, requests.exceptions.ConnectionError)
        and bool(cause.args)
        and isinstance(cause.args[0], urllib3.exceptions.ProtocolError)
    )


def _read_timeout(where: str, timeout: Any) -> str:
    if isinstance(timeout, tuple):  # requests' (connect, read)
        timeout = timeout[-1]
    within = f"within {timeout:g} seconds" if timeout is not None else "in time"
    return (
        f"{where}: timed out: the service sent no answer {within} (api_timeout); it may "
        "still carry the request out. If the service is slow rather than down, raise "
        "api_timeout in clouds.yaml (or connect(api_timeout=...)) and retry"
    )
