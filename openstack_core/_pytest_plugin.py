"""pytest plugin of openstack-core: the ``fake_cloud`` and ``local_cloud`` fixtures
(see openstack_core.testing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from openstack_core.testing import FakeCloud, LocalConnection


@pytest.fixture
def fake_cloud(request: pytest.FixtureRequest) -> Iterator[FakeCloud]:
    """A FakeCloud (fake token and catalog) on an active requests-mock Mocker.

    In a test that also uses requests-mock's ``requests_mock`` fixture, both share that
    fixture's Mocker: two active Mockers would hide each other's answers.
    """
    from openstack_core import testing

    if "requests_mock" in request.fixturenames:
        yield testing.FakeCloud(request.getfixturevalue("requests_mock"))
        return
    yield from testing.fake_cloud()


@pytest.fixture
def local_cloud() -> Iterator[LocalConnection]:
    """A Connection of user ``demo`` to a fresh local cloud served in this process
    (every installed fake); ``local_cloud.local_cloud`` is the cloud itself."""
    from openstack_core import testing

    with testing.local_cloud() as conn:
        yield conn
