"""key-manager v1, in its own module so tests can see that only the chosen version is
imported."""

from osc_testplugins._key_manager import KeyManagerBase


class KeyManagerV1(KeyManagerBase):
    """key-manager v1."""

    api_version = 1
