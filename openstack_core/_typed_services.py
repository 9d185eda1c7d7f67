"""What type checkers see of ``conn.<service>``.

:class:`~openstack_core.Connection` derives from :class:`ServiceAttributes`, which is
empty at run time. To mypy and pyright, this file says every other attribute of a
Connection is ``Any`` (as before typed services existed). ``python -m openstack_core
stubs`` writes a PEP 561 *partial* stub package, ``openstack_core-stubs``, holding only
``_typed_services.pyi``: a ``ServiceAttributes`` with one read-only property per
installed service (``compute: openstack_compute.v2._proxy.Proxy``, aliases included) and
no ``__getattr__``. Both checkers prefer a stub package to the package itself, one
module at a time, so with it installed ``conn.compute`` has the plugin's Proxy type and a
misspelt ``conn.comptue`` is an error; every other module keeps its inline types. See
:mod:`openstack_core._stubs`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ServiceAttributes"]


class ServiceAttributes:
    """The services of a Connection, to type checkers; nothing at run time."""

    __slots__ = ()

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...
