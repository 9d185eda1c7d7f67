"""pytest plugin of openstack-core: the ``fake_cloud`` fixture (see openstack_core.testing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from openstack_core.testing import FakeCloud


@pytest.fixture
def fake_cloud() -> Iterator[FakeCloud]:
    """A FakeCloud (fake token and catalog) on an active requests-mock Mocker."""
    from openstack_core import testing

    yield from testing.fake_cloud()
