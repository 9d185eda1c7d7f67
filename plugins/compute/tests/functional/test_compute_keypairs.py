"""Keypairs against real Nova 34 (microversion 2.10): generated and imported keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from openstack_core import exceptions


@pytest.fixture
def keypair(nova: Any, demo_cloud: Any) -> Iterator[Any]:
    """A keypair Nova generated (no public key given; possible before 2.92)."""
    compute = demo_cloud.compute
    created = compute.create_keypair(name=nova.name("key"))
    try:
        yield created
    finally:
        compute.delete_keypair(created, ignore_missing=True)


def test_create_keypair_generates_a_key(nova: Any, keypair: Any) -> None:
    assert keypair.id == keypair.name
    assert keypair.type == "ssh"
    assert keypair.user_id == nova.ids["demo_user"]
    assert keypair.private_key.startswith("-----BEGIN")
    assert keypair.public_key.startswith("ssh-")
    assert keypair.fingerprint


def test_keypairs_list_get_find(nova: Any, demo_cloud: Any, keypair: Any) -> None:
    compute = demo_cloud.compute
    listed = {k.name: k for k in compute.keypairs()}
    assert listed[keypair.name].fingerprint == keypair.fingerprint
    assert listed[keypair.name].type == "ssh"

    fetched = compute.get_keypair(keypair.name)
    assert (fetched.id, fetched.public_key) == (keypair.name, keypair.public_key)
    assert fetched.user_id == nova.ids["demo_user"]
    assert fetched.private_key is None  # only in the create answer
    assert fetched.created_at

    assert compute.find_keypair(keypair.name).fingerprint == keypair.fingerprint
    assert compute.find_keypair(nova.name("missing")) is None
    with pytest.raises(exceptions.NotFoundException):
        compute.find_keypair(nova.name("missing"), ignore_missing=False)


def test_import_keypair_and_delete(nova: Any, demo_cloud: Any, keypair: Any) -> None:
    compute = demo_cloud.compute
    name = nova.name("imported")
    imported = compute.create_keypair(name=name, public_key=keypair.public_key)
    try:
        assert imported.name == name
        assert imported.fingerprint == keypair.fingerprint
        assert imported.private_key is None
    finally:
        compute.delete_keypair(imported)
    with pytest.raises(exceptions.NotFoundException) as caught:
        compute.get_keypair(name)
    assert caught.value.request_id.startswith("req-")
    assert compute.delete_keypair(name) is None
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_keypair(name, ignore_missing=False)


def test_duplicate_keypair_name_conflicts(demo_cloud: Any, keypair: Any) -> None:
    with pytest.raises(exceptions.ConflictException) as caught:
        demo_cloud.compute.create_keypair(name=keypair.name, public_key=keypair.public_key)
    error = caught.value
    assert error.status_code == 409
    assert error.request_id.startswith("req-")
    # Nova's own message, from its error body.
    assert f"Key pair '{keypair.name}' already exists." in error.details
    assert keypair.name in str(error)
