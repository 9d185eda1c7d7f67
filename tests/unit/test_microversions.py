"""Microversion negotiation rules, tested on the pure helper."""

from __future__ import annotations

import pytest

from openstack_core import exceptions
from openstack_core._microversions import negotiate


def test_highest_common_version() -> None:
    assert negotiate(client_max="2.100", server_min=(2, 1), server_max=(2, 96)) == "2.96"
    assert negotiate(client_max="2.61", server_min=(2, 1), server_max=(2, 96)) == "2.61"


def test_no_microversions_on_either_side() -> None:
    assert negotiate(client_max=None, server_min=(2, 1), server_max=(2, 96)) is None
    assert negotiate(client_max="2.10", server_min=None, server_max=None) is None


def test_required_minimum() -> None:
    assert (
        negotiate(client_max="2.100", server_min=(2, 1), server_max=(2, 96), required="2.26")
        == "2.96"
    )
    with pytest.raises(exceptions.NotSupported, match=r"needs microversion 2\.26.*2\.20"):
        negotiate(client_max="2.100", server_min=(2, 1), server_max=(2, 20), required="2.26")
    with pytest.raises(exceptions.NotSupported, match="no microversion support"):
        negotiate(client_max="2.100", server_min=None, server_max=None, required="2.26")


def test_required_without_resource_maximum() -> None:
    assert (
        negotiate(client_max=None, server_min=(2, 1), server_max=(2, 96), required="2.26") == "2.26"
    )


def test_pinned_version_must_be_in_server_range() -> None:
    assert (
        negotiate(client_max="2.100", server_min=(2, 1), server_max=(2, 96), pinned="2.53")
        == "2.53"
    )
    with pytest.raises(exceptions.NotSupported, match=r"outside the server's range 2\.1 to 2\.96"):
        negotiate(client_max="2.100", server_min=(2, 1), server_max=(2, 96), pinned="2.99")
    with pytest.raises(exceptions.NotSupported, match=r"pinned to 2\.10"):
        negotiate(
            client_max="2.100",
            server_min=(2, 1),
            server_max=(2, 96),
            pinned="2.10",
            required="2.26",
        )
