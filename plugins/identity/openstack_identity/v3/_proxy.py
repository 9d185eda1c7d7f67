"""The Keystone v3 Proxy: what ``conn.identity`` returns.

The methods are grouped in mixins by subject (projects and domains, users and what
they authenticate with, roles and grants, the catalog and limits, federation); this
class combines them, declares the plugin contract, maps Keystone's errors and
validates and revokes tokens.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from openstack_core import exceptions
from openstack_identity.v3 import _secrets
from openstack_identity.v3._proxy_catalog import CatalogMethods
from openstack_identity.v3._proxy_federation import FederationMethods
from openstack_identity.v3._proxy_projects import ProjectMethods
from openstack_identity.v3._proxy_roles import RoleMethods
from openstack_identity.v3._proxy_users import UserMethods
from openstack_identity.v3.endpoint import Endpoint
from openstack_identity.v3.token import Token

if TYPE_CHECKING:
    import requests


def keystone_error(response: requests.Response) -> dict[str, Any] | None:
    """The ``{"code", "message", "title"}`` of a Keystone error body, or None."""
    try:
        data = json.loads(response.text)
    except ValueError:
        return None
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, dict) else None


class Proxy(ProjectMethods, UserMethods, RoleMethods, CatalogMethods, FederationMethods):
    """Identity (Keystone) API v3."""

    service_type = "identity"
    api_version = 3
    plugin_api_version = "2.0"
    # Catalogs list Keystone as http://host:5000/ or http://host:5000/v3: both become
    # .../v3 without asking for a version document.
    version_discovery = False
    version_suffix = "v3"
    # openstacksdk's get_endpoint(endpoint) fetches a catalog endpoint.
    endpoint_resource = Endpoint

    def exception_for_response(
        self, response: requests.Response, error_message: str | None = None
    ) -> exceptions.HttpException:
        """Keystone's ``{"error": {"code", "message", "title"}}``: the message is the
        details, the title (``"Conflict"``, ``"Not Found"``) the error code."""
        error = keystone_error(response)
        title = error.get("title") if error else None
        if not isinstance(title, str) or not title:
            return super().exception_for_response(response, error_message)
        return exceptions.exception_from_response(
            response, error_message=error_message, error_code=title
        )

    # -- tokens -------------------------------------------------------------------------
    # The token travels in X-Subject-Token only; these requests are not logged and
    # their errors never show it (Keystone's 404 repeats it).

    def validate_token(
        self, token: str, nocatalog: bool = False, allow_expired: bool = False
    ) -> Token:
        """What Keystone knows of ``token`` (``GET /auth/tokens``); NotFoundException
        when it is invalid, expired or revoked. ``nocatalog=True`` leaves the catalog
        out; ``allow_expired=True`` accepts a recently expired token."""
        params = {}
        if nocatalog:
            params["nocatalog"] = "1"  # Keystone looks for the name only
        if allow_expired:
            params["allow_expired"] = "1"
        with _secrets.hidden(token):
            response = self.request(
                Token.base_path,
                "GET",
                headers={"X-Subject-Token": token},
                params=params or None,
                log=False,
            )
        result = Token.existing()
        result.translate_response(response)
        return result

    def check_token(self, token: str, allow_expired: bool = False) -> bool:
        """Whether ``token`` is valid (``HEAD /auth/tokens``)."""
        params = {"allow_expired": "1"} if allow_expired else None
        with _secrets.hidden(token):
            response = self.request(
                Token.base_path,
                "HEAD",
                headers={"X-Subject-Token": token},
                params=params,
                log=False,
                raise_exc=False,
            )
            if response.status_code == 404:
                return False
            if response.status_code >= 400:
                raise self.exception_for_response(response)
        return True

    def revoke_token(self, token: str) -> None:
        """Revoke ``token`` (``DELETE /auth/tokens``); NotFoundException if it is not
        valid."""
        with _secrets.hidden(token):
            self.request(Token.base_path, "DELETE", headers={"X-Subject-Token": token}, log=False)
