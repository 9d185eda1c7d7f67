"""Where a Proxy's requests go: the catalog, version discovery and the plugin's say.

The order, for a Proxy whose user set no ``<service>_endpoint_override``:

1. the catalog URL of ``service_type`` (or the first of ``catalog_types`` the catalog
   lists), never rewritten by discovery: :meth:`EndpointMixin.catalog_endpoint`;
2. the plugin's :meth:`~EndpointMixin.resolve_endpoint` hook turns it into the
   endpoint. The default applies ``endpoint_template`` if the plugin set one; with
   ``version_discovery = False`` it appends ``version_suffix`` unless the URL already
   ends with it; otherwise it asks keystoneauth1's version discovery for the Proxy's
   major version and, when discovery cannot tell, falls back to the catalog URL plus
   ``version_suffix`` (or, without a suffix, to the catalog URL as it is, with a
   warning instead of keystoneauth1's silence).

The answer is kept until the auth plugin holds another token (a re-authentication may
bring another catalog) and handed to keystoneauth1 as each request's
``endpoint_override``, so :meth:`get_endpoint` and the requests always agree.
"""

from __future__ import annotations

import logging
import re
from typing import Any, ClassVar

from keystoneauth1 import adapter
from keystoneauth1 import exceptions as ksa_exc

from openstack_core import exceptions
from openstack_core._ksa_errors import translate_keystoneauth_error

#: Failures of the connection itself, which name the step that was under way.
_NETWORK_ERRORS = (
    ksa_exc.ConnectFailure,
    ksa_exc.ConnectTimeout,
    ksa_exc.RequestTimeout,
    ksa_exc.SSLError,
)

__all__ = ["EndpointMixin", "with_suffix"]

_LOG = logging.getLogger("openstack_core.proxy")

# keystoneauth1 fills these in endpoint overrides on every request.
_SUBSTITUTION = re.compile(r"%\((project_id|user_id)\)s")
# A percent sign that is not the start of one of those placeholders.
_LITERAL_PERCENT = re.compile(r"%(?!\((?:project_id|user_id)\)s)")


def with_suffix(url: str, suffix: str | None) -> str:
    """``url`` ending with the path segment(s) ``suffix``, added only when absent:
    ``with_suffix("http://n:9696/", "v2.0")`` and ``with_suffix("http://n:9696/v2.0",
    "v2.0")`` are both ``http://n:9696/v2.0``."""
    base = url.rstrip("/")
    if not suffix:
        return base
    suffix = suffix.strip("/")
    if base == suffix or base.endswith("/" + suffix):
        return base
    return f"{base}/{suffix}"


class EndpointMixin(adapter.Adapter):
    """Endpoint resolution of :class:`openstack_core.proxy.Proxy` (core only)."""

    service_type: str = ""
    #: Other types the service catalog may list this service under (``("acme-dns",)``),
    #: tried in order when the catalog has no ``service_type`` entry.
    catalog_types: ClassVar[tuple[str, ...]] = ()
    #: How the endpoint is built from the catalog's URL, e.g.
    #: ``"{endpoint}/v2/%(project_id)s"``: ``{endpoint}`` is the catalog URL and
    #: keystoneauth1 fills ``%(project_id)s`` and ``%(user_id)s`` on every request.
    endpoint_template: ClassVar[str | None] = None
    #: Whether keystoneauth1's version discovery finds the endpoint of ``api_version``
    #: (True), or the catalog URL is used as it is, plus ``version_suffix`` (False:
    #: no version document is ever requested, e.g. Swift's account URL).
    version_discovery: ClassVar[bool] = True
    #: The path segment(s) of the API version (``"v2.0"``, ``"v3"``), appended to the
    #: catalog URL when it does not already end with it: with ``version_discovery =
    #: False`` always, otherwise when discovery cannot find the version.
    version_suffix: ClassVar[str | None] = None

    def _init_endpoints(self) -> None:
        self._catalog_type_pending = bool(type(self).catalog_types) and not self.endpoint_override
        # The endpoint from resolve_endpoint() and the token (access info) it was
        # resolved with; see _endpoint_for_request.
        self._resolved_endpoint: str | None = None
        self._resolved_with: object = None
        self._warned_discovery = False

    # -- hook -----------------------------------------------------------------------------

    def resolve_endpoint(self) -> str:
        """Hook: the endpoint this service's requests go to.

        Called when a request needs the endpoint and the token changed since the last
        call (normally once per Connection); the answer is kept meanwhile. It may
        contain ``%(project_id)s`` and ``%(user_id)s``, which keystoneauth1 fills in on
        every request. Override it to choose differently, e.g. to fall back to a URL of
        your own when discovery fails; use :meth:`catalog_endpoint`,
        :meth:`discover_endpoint` and :func:`with_suffix`. Not called when the user set
        ``<service>_endpoint_override``.
        """
        cls = type(self)
        catalog_url = self.catalog_endpoint()
        if cls.endpoint_template is not None:
            return cls.endpoint_template.replace("{endpoint}", catalog_url.rstrip("/"))
        if not cls.version_discovery:
            return with_suffix(catalog_url, cls.version_suffix)
        discovered = self.discover_endpoint()
        if discovered is not None:
            return discovered
        if cls.version_suffix:
            return with_suffix(catalog_url, cls.version_suffix)
        if not self._warned_discovery:
            self._warned_discovery = True
            _LOG.warning(
                "%s: version discovery at %s found no version %s document; sending "
                "requests to that URL as it is. If they fail, set "
                "%s_endpoint_override to the versioned endpoint",
                self.service_type,
                catalog_url,
                self.version or "",
                self.service_type.replace("-", "_"),
            )
        return catalog_url

    # -- helpers ------------------------------------------------------------------------

    def catalog_endpoint(self) -> str:
        """The service's URL in the token's catalog for this region and interface, as
        the catalog lists it (no version discovery); ``catalog_types`` are tried when
        the catalog has no ``service_type`` entry. Errors are keystoneauth1's."""
        if self._catalog_type_pending:
            self._resolve_catalog_type()
        url = self.session.get_endpoint(
            self.auth,
            service_type=self.service_type,
            interface=self.interface,
            region_name=self.region_name,
            skip_discovery=True,
        )
        if not url:
            raise ksa_exc.EndpointNotFound(f"no {self.service_type} endpoint in the catalog")
        return str(url)

    def discover_endpoint(self) -> str | None:
        """The endpoint of the Proxy's major version found by keystoneauth1's version
        discovery (its documents are cached per session), or None when discovery could
        not tell: no document, or none offering the version."""
        if self._catalog_type_pending:
            self._resolve_catalog_type()
        data = adapter.Adapter.get_endpoint_data(self)
        if data is None or data.api_version is None or not data.url:
            return None
        return str(data.url)

    def _resolve_catalog_type(self) -> None:
        """Use the first of ``service_type`` and ``catalog_types`` the catalog lists."""
        cls = type(self)
        candidates = (cls.service_type, *cls.catalog_types)
        for candidate in candidates:
            try:
                url = self.session.get_endpoint(
                    self.auth,
                    service_type=candidate,
                    interface=self.interface,
                    region_name=self.region_name,
                    skip_discovery=True,
                )
            except ksa_exc.EndpointNotFound:
                continue
            if url:
                self.service_type = candidate
                self._catalog_type_pending = False
                return
        raise ksa_exc.EndpointNotFound(f"no endpoint for any of {candidates}")

    def _endpoint_for_request(self) -> str | None:
        """The resolved endpoint as keystoneauth1's ``endpoint_override``, kept until the
        auth plugin holds a different token.

        Left to itself, keystoneauth1 looks the endpoint up again for every request of
        an Adapter that asks for a major version (catalog filtering, then matching the
        cached discovery document), a sixth of the client's CPU time per ``get_server``
        against a fast server. Returns None when there is nothing to pin (no auth
        plugin): keystoneauth1 then reports the problem as usual. Errors are
        keystoneauth1's, for the caller to translate.
        """
        auth = self.auth or self.session.auth
        if auth is None:
            return None
        access = getattr(auth, "auth_ref", None)
        if self._resolved_endpoint is None or access is not self._resolved_with:
            endpoint = self.resolve_endpoint()
            if not endpoint:
                return None
            # keystoneauth1 %-formats endpoint_override (for %(project_id)s); any other
            # percent sign of the URL is literal.
            self._resolved_endpoint = _LITERAL_PERCENT.sub("%%", endpoint)
            # Read after the lookup, which authenticates when there is no token yet.
            self._resolved_with = getattr(auth, "auth_ref", None)
        return self._resolved_endpoint

    def get_endpoint(self, auth: Any = None, **kwargs: Any) -> str | None:
        """This service's endpoint URL, exactly as requests use it (the user's
        ``endpoint_override``, else :meth:`resolve_endpoint`'s answer, with
        ``%(project_id)s`` filled in)."""
        try:
            if auth is not None or kwargs or self.endpoint_override:
                endpoint = super().get_endpoint(auth, **kwargs)
            else:
                pinned = self._endpoint_for_request()
                if pinned is None:
                    endpoint = super().get_endpoint()
                else:
                    endpoint = pinned.replace("%%", "%")
            if endpoint and "%(" in endpoint:
                session, plugin = self.session, auth or self.auth
                values = {
                    "project_id": lambda: session.get_project_id(plugin),
                    "user_id": lambda: session.get_user_id(plugin),
                }
                endpoint = _SUBSTITUTION.sub(lambda m: str(values[m.group(1)]()), endpoint)
        except ksa_exc.ClientException as exc:
            raise self._translate_ksa_error(exc, "GET", "(endpoint lookup)") from exc
        return endpoint

    def _translate_ksa_error(
        self,
        exc: ksa_exc.ClientException,
        method: str,
        url: str,
        *,
        timeout: Any = None,
    ) -> exceptions.SDKException:
        cls = type(self)
        where = f"{method} {url} ({self.service_type} service)"
        plugin = self.auth or self.session.auth
        if getattr(plugin, "auth_ref", "") is None and isinstance(exc, _NETWORK_ERRORS):
            # No token yet: the request never left for the service, authenticating failed.
            at = getattr(plugin, "auth_url", None)
            where = f"authentication{f' at {at}' if at else ''} (needed for {where})"
        return translate_keystoneauth_error(
            exc,
            where,
            service_type=cls.service_type or self.service_type,
            region_name=self.region_name,
            interface=str(self.interface) if self.interface else None,
            catalog_types=cls.catalog_types,
            timeout=timeout,
        )

    def get_endpoint_data(self, auth: Any = None) -> Any:
        """keystoneauth1's endpoint data for this service (catalog types applied)."""
        if auth is None and self._catalog_type_pending:
            self._resolve_catalog_type()
        return super().get_endpoint_data(auth)
