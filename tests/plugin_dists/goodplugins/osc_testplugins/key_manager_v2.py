"""key-manager v2 (exists only to test version choice), in its own module."""

from osc_testplugins._key_manager import KeyManagerBase


class KeyManagerV2(KeyManagerBase):
    """key-manager v2."""

    api_version = 2
