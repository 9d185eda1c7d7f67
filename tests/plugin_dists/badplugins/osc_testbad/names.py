"""Method names outside openstacksdk's conventions, next to actions that keep theirs."""

from openstack_core import proxy, resource


class Zone(resource.Resource):
    """A zone."""

    resources_key = "zones"
    base_path = "/zones"
    allow_list = allow_fetch = allow_create = allow_delete = True


class NamingProxy(proxy.Proxy):
    """Registered under the malformed entry-point name DNS.v2."""

    service_type = "dns"
    api_version = 2
    plugin_api_version = "1.1"

    # Wrong names for the conventional operations:
    def list_zones(self, **query):
        """Should be zones()."""

    def zone_get(self, zone):
        """Should be get_zone()."""

    def show_zone(self, zone):
        """Should be get_zone()."""

    def add_zone(self, **attrs):
        """Creates: should be create_zone()."""

    def remove_zone(self, zone, ignore_missing=True):
        """Deletes the zone it takes: should be delete_zone()."""

    def get_all_recordsets(self, zone):
        """Should be recordsets()."""

    def recordset_delete(self, recordset):
        """Should be delete_recordset()."""

    # Conventional names and actions, as openstacksdk names them: no violation.
    def zones(self, **query):
        """Iterate over zones."""

    def delete_zone(self, zone, ignore_missing=True):
        """Delete a zone."""

    def abandon_zone(self, zone):
        """An action of its own verb."""

    def add_tag_to_zone(self, zone, tag):
        """Attach a tag to a zone."""

    def remove_tag_from_zone(self, zone, tag):
        """Detach a tag from a zone."""

    def add_member(self, zone, **attrs):
        """Share a zone: the zone is the parent."""

    def remove_member(self, member, zone=None, ignore_missing=True):
        """Stop sharing: detaches the member from the zone."""

    def fetch_zone_metadata(self, zone):
        """openstacksdk's fetch_server_metadata style."""

    def zone_add_tenant_access(self, zone, tenant):
        """openstacksdk's flavor_add_tenant_access style."""

    def wait_for_zone_delete(self, zone):
        """A waiter, not a delete."""
