"""Glance, Placement and Nova (plus RabbitMQ and test stubs), started into a Stack."""

from __future__ import annotations

from tests.functional.harness.stack import Stack


def start_glance(stack: Stack) -> None:
    """Install, configure and start Glance; register it in the catalog."""
    raise NotImplementedError


def start_nova(stack: Stack) -> None:
    """Install, configure and start RabbitMQ, Placement and Nova."""
    raise NotImplementedError
