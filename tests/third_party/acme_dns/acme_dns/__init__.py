"""Acme DNS: a third-party plugin written only against openstack-core's public hooks."""

import hashlib
import hmac

import requests

from openstack_core import exceptions, pagination, proxy, resource


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

    def next_page(self, response, data, items, params, resources_key):  # type: ignore[no-untyped-def]
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
    def extract_one(cls, data):  # type: ignore[no-untyped-def]
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

    service_type, api_version, plugin_api_version = "dns", 2, "1.0"
    endpoint_template = "{endpoint}/v2/%(project_id)s"  # hook 2

    def requests_auth(self):  # type: ignore[no-untyped-def]
        """Sign when the user configured dns_access_key_id and dns_secret_key."""
        key, secret = (self.service_options.get(k) for k in ("access_key_id", "secret_key"))
        return Signer(key, secret) if key and secret else None

    def exception_for_response(self, response, error_message=None):  # type: ignore[no-untyped-def]
        """Hook 5: Acme answers 400 with ``DNS.0302`` for a missing zone."""
        body = response.json() if response.content else {}
        if body.get("error_code") == "DNS.0302":
            return exceptions.NotFoundException(
                response=response,
                status_code=404,
                details=body.get("error_msg"),
                url=response.request.url,
                method=response.request.method,
            )
        return super().exception_for_response(response, error_message)

    def zones(self, **query):  # type: ignore[no-untyped-def]
        """Iterate over zones."""
        return self._list(Zone, **query)

    def get_zone(self, zone):  # type: ignore[no-untyped-def]
        """Get one zone."""
        return self._get(Zone, zone)

    def create_zone(self, **attrs):  # type: ignore[no-untyped-def]
        """Create a zone."""
        return self._create(Zone, **attrs)

    def recordsets(self, zone, **query):  # type: ignore[no-untyped-def]
        """Iterate over the record sets of a zone."""
        return self._list(Recordset, zone_id=getattr(zone, "id", zone), **query)
