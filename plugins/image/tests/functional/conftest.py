"""Functional tests of openstack-image against real services started on 127.0.0.1.

Fixtures (`admin_conn`, `demo_conn`, `glance_service`, `nova_service`, ...) come from
the harness plugin that `tox -e functional` loads (`tests/functional/harness/fixtures.py`).
"""
