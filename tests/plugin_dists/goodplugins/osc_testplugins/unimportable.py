"""A plugin whose import fails, as with a missing dependency."""

import osc_dependency_that_is_not_installed  # noqa: F401
