"""The distribution version and the plugin API version, kept apart from heavy imports."""

__version__ = "0.1.0"

#: Version of the contract between the core and service plugins (see ``docs/plugins.md``).
#: A plugin built for another major version is refused when it is loaded.
PLUGIN_API_VERSION = "1.0"
