"""Every migration of the cloud (``GET /os-migrations``, admin)."""

from __future__ import annotations

from openstack_core import resource


class Migration(resource.Resource):
    """A cold or live migration, resize or evacuation record."""

    resources_key = "migrations"
    base_path = "/os-migrations"
    allow_list = True
    _max_microversion = "2.80"
    _query_mapping = resource.QueryParameters(
        "host",
        "status",
        "migration_type",
        "source_compute",
        "user_id",
        "project_id",
        changes_since="changes-since",
        changes_before="changes-before",
        server_id="instance_uuid",
    )

    created_at = resource.Body("created_at")
    dest_compute = resource.Body("dest_compute")
    dest_host = resource.Body("dest_host")
    dest_node = resource.Body("dest_node")
    #: ``live-migration``, ``migration``, ``resize`` or ``evacuation`` (2.23+).
    migration_type = resource.Body("migration_type")
    #: The flavor after a resize (internal integer id).
    new_flavor_id = resource.Body("new_instance_type_id")
    #: The flavor before a resize (internal integer id).
    old_flavor_id = resource.Body("old_instance_type_id")
    #: The owning project (2.80+).
    project_id = resource.Body("project_id")
    #: The migrated server's id.
    server_id = resource.Body("instance_uuid")
    source_compute = resource.Body("source_compute")
    source_node = resource.Body("source_node")
    status = resource.Body("status")
    updated_at = resource.Body("updated_at")
    #: The owning user (2.80+).
    user_id = resource.Body("user_id")
    #: The migration's uuid (2.59+).
    uuid = resource.Body("uuid")
