"""The distribution version and the plugin API version, kept apart from heavy imports."""

__version__ = "0.2.0"

#: Version of the contract between the core and service plugins (see ``docs/plugins.md``).
#: ``major.minor``: a minor adds hooks and helpers, a major changes or removes one. A
#: plugin written for the same major and this minor or an older one is accepted; one
#: written for another major, or for a newer minor (it may rely on hooks this core
#: lacks), is refused when it is loaded. 1.1 added ``Proxy.on_response``,
#: ``Proxy.catalog_types``, ``Proxy.microversioned``, ``Proxy.microversion_for``,
#: ``Resource.resource_path``, ``Resource.translate_response``,
#: ``Resource.invoke_action``, ``Resource.pick_match`` and
#: ``exceptions.exception_from_response(cls=..., error_message=...)``.
PLUGIN_API_VERSION = "1.1"
