"""The core against a real Keystone: auth methods, catalog, regions, interfaces."""

from __future__ import annotations

def test_password_authorize(admin_conn):
    token = admin_conn.authorize()
    assert token
    assert admin_conn.current_project_id
