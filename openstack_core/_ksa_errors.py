"""keystoneauth1's exceptions as ours, each saying where it happened and what to do."""

from __future__ import annotations

from collections.abc import Sequence

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
) -> exceptions.SDKException:
    """Our exception for a keystoneauth1 error, saying where and what to do.

    HTTP errors keystoneauth1 raises (authentication answering 401, ...) are mapped the
    default way: they are the identity service's answers, never a plugin's.
    """
    if isinstance(exc, ksa_exc.SSLError):
        return exceptions.SSLError(
            f"{where}: TLS verification failed: {exc}. Set cacert to the CA bundle that "
            "signed the endpoint's certificate (verification stays on by default)"
        )
    if isinstance(exc, (ksa_exc.ConnectFailure, ksa_exc.ConnectTimeout)):
        return exceptions.SDKConnectionError(
            f"{where}: could not connect: {exc}. Check the endpoint URL and the network"
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
