"""The distribution version and the plugin API version, kept apart from heavy imports."""

__version__ = "0.3.0"

#: Version of the contract between the core and service plugins, declared in
#: ``openstack_core.plugin_api`` (``docs/plugins.md`` explains it). ``major.minor``: a
#: minor adds hooks and helpers, a major changes or removes one. This core also loads
#: plugins written for the majors in ``plugin_api.SUPPORTED_VERSIONS``.
PLUGIN_API_VERSION = "2.1"
