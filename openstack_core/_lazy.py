"""Lazy references to Resource classes: a Proxy names its resources without importing them.

A plugin's Proxy module that imported every resource module made the first
``conn.<service>`` import them all (twenty modules for compute), though a script uses
one or two. With :func:`lazy` the module imports them for type checkers only::

    from typing import TYPE_CHECKING

    from openstack_core import crud, proxy, resource

    if TYPE_CHECKING:
        from openstack_compute.v2.flavor import Flavor
    else:
        Flavor = resource.lazy("openstack_compute.v2.flavor", "Flavor")

and the class is imported the first time it is used: an attribute read
(``Flavor.new(...)``, ``Flavor.list(...)``), a call, ``isinstance(x, Flavor)``, or the
first lookup of a ``crud`` method declared with it, which from then on holds the
class itself. Its module's classes are checked against the plugin API as always, then; a
reference that names nothing, or no Resource, raises ``PluginLoadError`` naming it
(``check-plugin`` resolves every reference of a plugin, so a typo fails the checker).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from openstack_core import exceptions

if TYPE_CHECKING:
    from openstack_core._resource import Resource

__all__ = ["LazyResource", "lazy", "resolved"]


class LazyResource:
    """Stands for the Resource class ``name`` of ``module`` until it is first used.

    Its own members are named ``_lazy_*`` so that no attribute of a Resource class (a
    field called ``reference``, say) is hidden behind one of the reference's.
    """

    __slots__ = ("_module", "_name", "_target")

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name
        self._target: type[Resource] | None = None

    @property
    def _lazy_reference(self) -> str:
        """``module:Name``, as in an entry point."""
        return f"{self._module}:{self._name}"

    def _lazy_resolve(self) -> type[Resource]:
        """The class, imported now if it was not yet."""
        target = self._target
        if target is None:
            target = self._target = self._import()
        return target

    def _import(self) -> type[Resource]:
        from openstack_core._resource import Resource

        try:
            module = importlib.import_module(self._module)
            target = getattr(module, self._name)
        except Exception as exc:
            raise exceptions.PluginLoadError(
                f"The lazy resource reference {self._lazy_reference} could not be loaded: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        if not (isinstance(target, type) and issubclass(target, Resource)):
            raise exceptions.PluginLoadError(
                f"The lazy resource reference {self._lazy_reference} names {target!r}, not a "
                "subclass of openstack_core.resource.Resource"
            )
        return target

    def __getattr__(self, name: str) -> Any:
        # Only called for what the reference itself lacks: the class's attributes.
        if name in ("__name__", "__qualname__"):
            return self._name  # without importing (crud names its methods' docs by it)
        if name.startswith("__") and name.endswith("__"):
            # Protocol probes (copy, pickle, inspect) must not import the module.
            raise AttributeError(name)
        return getattr(self._lazy_resolve(), name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._lazy_resolve()(*args, **kwargs)

    def __instancecheck__(self, instance: Any) -> bool:
        return isinstance(instance, self._lazy_resolve())

    def __subclasscheck__(self, subclass: type) -> bool:
        return issubclass(subclass, self._lazy_resolve())

    def __repr__(self) -> str:
        state = "imported" if self._target is not None else "not imported yet"
        return f"<lazy resource {self._lazy_reference} ({state})>"


def lazy(module: str, name: str) -> Any:
    """A reference to the Resource class ``name`` of ``module``, imported on first use.

    Typed ``Any``: bind it in the ``else`` branch of ``if TYPE_CHECKING:`` whose other
    branch imports the class, so type checkers see the class itself.
    """
    return LazyResource(module, name)


def resolved(value: Any) -> Any:
    """``value``, or the class a lazy reference stands for."""
    return value._lazy_resolve() if isinstance(value, LazyResource) else value
