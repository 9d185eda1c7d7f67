"""Smoke tests of the harness: Glance and Nova answer through the catalog."""

from __future__ import annotations

from keystoneauth1 import adapter


def test_glance_lists_images(glance_service, admin_conn):
    image = adapter.Adapter(admin_conn.session, service_type="image", region_name="RegionOne")
    response = image.get("/v2/images")
    assert response.status_code == 200
    assert "images" in response.json()
