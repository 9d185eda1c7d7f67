"""Keypairs: ids are names, listings are wrapped, type appears in 2.2."""

from __future__ import annotations

from typing import Any

import pytest
from openstack_compute.v2.keypair import Keypair

from openstack_core import exceptions

COMPUTE = "https://compute.example.com/v2.1"


def test_keypairs_unwraps_items(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{COMPUTE}/os-keypairs",
        json={
            "keypairs": [
                {"keypair": {"name": "k1", "type": "ssh", "fingerprint": "fp", "public_key": "pk"}}
            ]
        },
    )
    (keypair,) = compute.keypairs(user_id="u1")
    assert (keypair.id, keypair.name, keypair.type, keypair.fingerprint) == (
        "k1",
        "k1",
        "ssh",
        "fp",
    )
    assert mock.last_request.qs == {"user_id": ["u1"]}
    assert wire.microversion(mock.last_request) == "2.10"


def test_keypair_type_defaults_to_ssh_before_2_2(mock: Any, make_compute: Any, wire: Any) -> None:
    compute = make_compute("2.1")
    mock.get(f"{COMPUTE}/os-keypairs/k1", json={"keypair": {"name": "k1", "id": 7}})
    keypair = compute.get_keypair("k1")
    assert keypair.type == "ssh"
    assert keypair.id == "k1"  # not Nova's database id
    assert wire.microversion(mock.last_request) == "2.1"


def test_get_keypair_of_user(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/os-keypairs/k1", json={"keypair": {"name": "k1", "user_id": "u2"}})
    assert compute.get_keypair("k1", user_id="u2").user_id == "u2"
    assert mock.last_request.qs == {"user_id": ["u2"]}


def test_find_keypair(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/os-keypairs/k1", json={"keypair": {"name": "k1"}})
    found = compute.find_keypair("k1", user_id="u2")
    assert found is not None and found.name == "k1"
    assert mock.last_request.qs == {"user_id": ["u2"]}
    mock.get(f"{COMPUTE}/os-keypairs/k2", status_code=404)
    assert compute.find_keypair("k2") is None
    with pytest.raises(exceptions.NotFoundException):
        compute.find_keypair("k2", ignore_missing=False)


def test_create_keypair_generated(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(
        f"{COMPUTE}/os-keypairs",
        json={
            "keypair": {
                "name": "k1",
                "type": "x509",
                "private_key": "-----BEGIN PRIVATE KEY-----",
                "public_key": "pk",
                "user_id": "u",
                "fingerprint": "fp",
            }
        },
    )
    keypair = compute.create_keypair(name="k1", type="x509", user_id="u")
    (request,) = wire.calls()
    assert (request.method, request.path, request.qs) == ("POST", "/v2.1/os-keypairs", {})
    assert request.json() == {"keypair": {"name": "k1", "type": "x509", "user_id": "u"}}
    assert wire.microversion(request) == "2.10"
    assert keypair.private_key.startswith("-----BEGIN")
    assert "PRIVATE" not in repr(keypair)


def test_import_keypair(mock: Any, compute: Any) -> None:
    mock.post(f"{COMPUTE}/os-keypairs", json={"keypair": {"name": "k1", "public_key": "ssh-rsa A"}})
    compute.create_keypair(name="k1", public_key="ssh-rsa A")
    assert mock.last_request.json() == {"keypair": {"name": "k1", "public_key": "ssh-rsa A"}}


def test_delete_keypair(mock: Any, compute: Any, wire: Any) -> None:
    mock.delete(f"{COMPUTE}/os-keypairs/k1", status_code=202)
    compute.delete_keypair("k1", user_id="u")
    (request,) = wire.calls()
    assert (request.method, request.path, request.qs, request.body) == (
        "DELETE",
        "/v2.1/os-keypairs/k1",
        {"user_id": ["u"]},
        None,
    )
    assert wire.microversion(request) == "2.10"
    mock.delete(f"{COMPUTE}/os-keypairs/k1", status_code=404)
    compute.delete_keypair(Keypair.existing(id="k1"))
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_keypair("k1", ignore_missing=False)


def test_keypair_id_is_its_name() -> None:
    keypair = Keypair.existing(id="k1")
    assert (keypair.id, keypair.name) == ("k1", "k1")
    assert Keypair.new(id="k2").name == "k2"
