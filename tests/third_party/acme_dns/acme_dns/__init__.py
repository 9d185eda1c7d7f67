"""Acme DNS: a third-party plugin written only against openstack-core's public API."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import requests

from openstack_core import exceptions, pagination, proxy, resource

metrics = logging.getLogger("acme_dns.metrics")


class Signer(requests.auth.AuthBase):
    """Hook 1: signs each request with an access key (sent only to this service)."""

    def __init__(self, key_id: str, secret: str) -> None:
        self.key_id, self.secret = key_id, secret.encode()

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        text = f"{request.method}\n{request.path_url}".encode()
        digest = hmac.new(self.secret, text, hashlib.sha256).hexdigest()
        request.headers["X-Acme-Signature"] = f"{self.key_id}:{digest}"
        return request


class PageMarker(pagination.Pagination):
    """Hook 3: the next marker sits in a body key of Acme's own."""

    def next_page(
        self,
        response: requests.Response,
        data: Any,
        items: Sequence[Any],
        params: Mapping[str, Any],
        resources_key: str | None,
    ) -> dict[str, Any] | None:
        marker = (data.get("page") or {}).get("next_marker")
        return {**params, "marker": marker} if marker else None


class Zone(resource.Resource):
    """A DNS zone; Acme wraps single objects in ``{"result": ...}`` (hook 4)."""

    resources_key = "zones"
    base_path = "/zones"
    allow_create = allow_fetch = allow_delete = allow_list = True
    email = resource.Body("email")
    ttl = resource.Body("ttl", type=int)

    @classmethod
    def extract_one(cls, data: Any) -> Any:
        return data.get("result", data)


class Recordset(resource.Resource):
    """A record set of a zone."""

    resources_key = "recordsets"
    base_path = "/zones/%(zone_id)s/recordsets"
    allow_list = True
    pagination = PageMarker()
    zone_id = resource.URI("zone_id")
    type = resource.Body("type")
    records = resource.Body("records", type=list)


class Proxy(proxy.Proxy):
    """Acme DNS v2."""

    service_type, api_version, plugin_api_version = "dns", 2, "1.1"
    catalog_types = ("acme-dns",)  # hook 6: the type some Acme clouds list it under
    endpoint_template = "{endpoint}/v2/%(project_id)s"  # hook 2

    def requests_auth(self) -> Signer | None:
        """Sign when the user configured dns_access_key_id and dns_secret_key."""
        key, secret = (self.service_options.get(k) for k in ("access_key_id", "secret_key"))
        return Signer(key, secret) if key and secret else None

    def exception_for_response(
        self, response: requests.Response, error_message: str | None = None
    ) -> exceptions.HttpException:
        """Hook 5: Acme answers 400 with ``DNS.0302`` for a missing zone."""
        try:
            body = response.json()
        except ValueError:  # an HTML page from a proxy, or no body at all
            body = None
        if isinstance(body, dict) and body.get("error_code") == "DNS.0302":
            return exceptions.exception_from_response(
                response,
                cls=exceptions.NotFoundException,
                details=body.get("error_msg"),
                error_message=error_message,
            )
        return super().exception_for_response(response, error_message)

    def on_response(self, record: proxy.RequestRecord) -> None:
        """Metrics: one line per DNS call on the ``acme_dns.metrics`` logger."""
        metrics.info("%s %s %s %.3f", record.method, record.url, record.status_code, record.elapsed)

    def zones(self, **query: Any) -> Iterator[Zone]:
        """Iterate over zones."""
        return self._list(Zone, **query)

    def get_zone(self, zone: str | Zone) -> Zone:
        """Get one zone."""
        return self._get(Zone, zone)

    def abandon_zone(self, zone: str | Zone) -> None:
        """Forget a zone without removing it from the name servers."""
        self._get_resource(Zone, zone).invoke_action(self, path=("tasks", "abandon"))

    def recordsets(self, zone: str | Zone, **query: Any) -> Iterator[Recordset]:
        """Iterate over the record sets of a zone."""
        return self._list(Recordset, zone_id=getattr(zone, "id", zone), **query)
