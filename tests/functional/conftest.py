"""Functional tests: fixtures that start real services on 127.0.0.1 (see harness/)."""

from tests.functional.harness.fixtures import *  # noqa: F403
