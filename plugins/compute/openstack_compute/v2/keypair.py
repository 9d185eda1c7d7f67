"""Keypairs (``/os-keypairs``): their id is their name."""

from __future__ import annotations

from typing import Any

from openstack_core import resource


class Keypair(resource.Resource):
    """An SSH or x509 keypair, identified by name (up to microversion 2.10).

    ``type`` exists since 2.2; older clouds only have SSH keys, so it reads ``"ssh"``
    when absent. Listing items come wrapped (``{"keypairs": [{"keypair": {...}}]}``).
    """

    resource_key = "keypair"
    resources_key = "keypairs"
    base_path = "/os-keypairs"
    allow_create = allow_fetch = allow_delete = allow_list = True
    # The answer to a create without public_key holds the private key: never logged.
    log_bodies = False
    _query_mapping = resource.QueryParameters("user_id")
    _max_microversion = "2.10"

    #: Creation time (fetch only).
    created_at = resource.Body("created_at")
    #: Whether deleted (fetch only).
    is_deleted = resource.Body("deleted", type=bool)
    #: The public key's fingerprint.
    fingerprint = resource.Body("fingerprint")
    #: The keypair's name; ``id`` reads and sets the same value. Nova also sends an
    #: integer database ``id`` (in ``GET /os-keypairs/{name}``) that addresses nothing,
    #: so it is not the id.
    name = resource.Body("name")
    id = resource.Body("name")
    #: The generated private key, only in the answer to a create without public_key.
    private_key = resource.Body("private_key")
    #: The public key (give it to import a key).
    public_key = resource.Body("public_key")
    #: ``ssh`` or ``x509`` (2.2+).
    type = resource.Body("type", default="ssh")
    #: The owner (admins may create for another user, 2.10+).
    user_id = resource.Body("user_id")

    @classmethod
    def extract_list(cls, data: Any) -> list[Any]:
        """Unwrap the ``{"keypair": {...}}`` envelope of every listed item."""
        items = super().extract_list(data)
        return [
            item["keypair"] if isinstance(item, dict) and "keypair" in item else item
            for item in items
        ]
