"""Store and ImportInfo: what ``/v2/info/stores`` and ``/v2/info/import`` report."""

from __future__ import annotations

from openstack_core import resource


class Store(resource.Resource):
    """A backend store images can live in (multi-store clouds)."""

    resources_key = "stores"
    base_path = "/info/stores"
    allow_list = True
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)

    description = resource.Body("description")
    is_default = resource.Body("default", type=bool, default=False)
    is_read_only = resource.Body("read-only", type=bool, default=False)
    type = resource.Body("type")
    weight = resource.Body("weight", type=int)
    properties = resource.Body("properties", type=dict)


class ImportInfo(resource.Resource):
    """The image import methods the cloud enables (``glance-direct``, ...)."""

    base_path = "/info/import"
    allow_fetch = True
    requires_id = False

    import_methods = resource.Body("import-methods", type=dict)

    @property
    def methods(self) -> list[str]:
        """The enabled method names, e.g. ``["glance-direct", "web-download"]``."""
        return list((self.import_methods or {}).get("value") or [])
