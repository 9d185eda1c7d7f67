"""The image fake: an in-memory Glance v2 for the local cloud, registered as
``image.v2`` under ``openstack_core.fakes``.

Images go ``queued`` -> ``active`` on upload (``PUT .../file``) with Glance's hashes
(``checksum`` md5, ``os_hash_algo`` sha512, ``os_hash_value``, ``size``), or through
the interoperable import (``PUT .../stage`` then ``glance-direct``, or ``web-download``
from a URI the import filter allows), which completes ``import_delay`` seconds later;
``deactivated`` and back; JSON-patch updates; tags; members; Glance's filters, sorting
and ``next`` links; legacy import tasks and each image's tasks; stores, import info and
schemas; image locations (listed for the ``service`` role; added ones fail in their
``location_import`` task, the one store taking no external location); the image cache
of its one API node; and the metadata definitions (namespaces, objects, properties,
tags, resource types and their schemas). Errors are webob HTML pages with Glance's
messages. Settings: ``upload_delay`` (how long an uploaded image stays ``saving``; 0
by default: active when the upload is answered, as with Glance's filesystem store),
``import_delay``, ``task_delay``, ``import_methods``,
``allowed_schemes``/``allowed_hosts``/``allowed_ports`` (the web-download filter),
``page_size``, ``max_limit``, ``cache_max_size``.
"""

from openstack_image.v2._fake._cache import CacheRoutes
from openstack_image.v2._fake._locations import LocationRoutes
from openstack_image.v2._fake._metadef_parts import MetadefPartsRoutes

__all__ = ["Fake"]


class Fake(MetadefPartsRoutes, LocationRoutes, CacheRoutes):
    """Glance v2 in memory, for the local cloud."""

    service_type = "image"
    api_version = 2
    plugin_api_version = "2.0"
    prefix = "image"
    catalog_name = "glance"
