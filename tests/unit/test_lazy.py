"""``resource.lazy``: a Proxy names its Resources without importing their modules.

The plugin is written into a temporary package on ``sys.path``, so that whether a
module has been imported is visible in ``sys.modules``.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests_mock

from openstack_core import crud, exceptions, resource
from openstack_core._lazy import LazyResource
from openstack_core.plugin_api import check_plugin
from openstack_core.testing import FakeCloud

GADGET = '''
"""Gadgets."""

from openstack_core import resource


class Gadget(resource.Resource):
    """A gadget."""

    resource_key = "gadget"
    resources_key = "gadgets"
    base_path = "/gadgets"
    allow_fetch = allow_list = allow_create = True
    _query_mapping = resource.QueryParameters("colour")

    colour = resource.Body("colour", type=str)
'''

PROXY = '''
"""The gadget service."""

from typing import TYPE_CHECKING

from openstack_core import crud, proxy, resource

if TYPE_CHECKING:
    from lazygadgets.gadget import Gadget
else:
    Gadget = resource.lazy("lazygadgets.gadget", "Gadget")


class Proxy(proxy.Proxy):
    """Gadgets v1."""

    service_type = "gadget"
    api_version = 1
    plugin_api_version = "2.1"
    version_discovery = False

    gadgets = crud.lister(Gadget)
    get_gadget = crud.getter(Gadget)

    def red_gadgets(self):
        """The red gadgets."""
        return [g for g in self._list(Gadget, colour="red") if isinstance(g, Gadget)]

    def new_gadget(self, colour):
        """A gadget not yet saved."""
        return Gadget.new(colour=colour)
'''

URL = "https://gadget.example.com"


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "lazygadgets"
    root.mkdir()
    (root / "__init__.py").write_text('"""Lazy gadgets."""\n')
    (root / "gadget.py").write_text(GADGET)
    (root / "_proxy.py").write_text(PROXY)
    sys.path.insert(0, str(tmp_path))
    try:
        yield root
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.split(".")[0] == "lazygadgets"]:
            del sys.modules[name]


@pytest.fixture
def cloud() -> Iterator[FakeCloud]:
    with requests_mock.Mocker() as mock:
        cloud = FakeCloud(mock)
        cloud.add_service("gadget", URL, discovery=False)
        mock.get(f"{URL}/gadgets", json={"gadgets": [{"id": "g1", "colour": "red"}]})
        mock.get(f"{URL}/gadgets/g1", json={"gadget": {"id": "g1", "colour": "red"}})
        yield cloud


def _proxy_class() -> Any:
    from lazygadgets._proxy import Proxy  # type: ignore[import-not-found]

    return Proxy


def test_the_module_is_imported_on_first_use(package: Path, cloud: FakeCloud) -> None:
    proxy = cloud.proxy(_proxy_class())
    assert "lazygadgets.gadget" not in sys.modules
    assert [g.colour for g in proxy.gadgets()] == ["red"]
    assert "lazygadgets.gadget" in sys.modules


def test_method_bodies_get_the_class(package: Path, cloud: FakeCloud) -> None:
    proxy = cloud.proxy(_proxy_class())
    (gadget,) = proxy.red_gadgets()  # _list and isinstance with the reference
    from lazygadgets.gadget import Gadget

    assert type(gadget) is Gadget
    assert type(proxy.new_gadget("blue")) is Gadget
    assert proxy.get_gadget("g1").colour == "red"


def test_a_crud_method_holds_the_class_once_imported(package: Path, cloud: FakeCloud) -> None:
    cls = _proxy_class()
    method = vars(cls)["get_gadget"]
    assert isinstance(method.resource, LazyResource)
    function = cls.get_gadget  # looked up: imported, documented
    from lazygadgets.gadget import Gadget

    assert method.resource is Gadget
    cell = function.__closure__[function.__code__.co_freevars.index("resource")]
    assert cell.cell_contents is Gadget
    assert "Gadget" in (function.__doc__ or "")
    assert list(inspect.signature(function).parameters) == ["self", "gadget", "base_path"]
    lister = cls.gadgets
    assert "``colour``" in (lister.__doc__ or "")  # the filters, read from the class


def test_a_reference_imports_nothing_to_be_named(package: Path) -> None:
    reference = resource.lazy("lazygadgets.gadget", "Gadget")
    assert reference.__name__ == "Gadget"
    assert "not imported yet" in repr(reference)
    assert not hasattr(reference, "__wrapped__")  # protocol probes do not import
    assert "lazygadgets.gadget" not in sys.modules
    assert reference.resources_key == "gadgets"
    assert "imported" in repr(reference) and "lazygadgets.gadget" in sys.modules


def test_a_reference_to_nothing_fails_when_used(package: Path) -> None:
    reference = resource.lazy("lazygadgets.gadget", "Gizmo")
    with pytest.raises(exceptions.PluginLoadError, match=r"lazygadgets\.gadget:Gizmo"):
        reference.new()
    reference = resource.lazy("lazygadgets.gadget", "resource")  # a module, not a class
    with pytest.raises(exceptions.PluginLoadError, match="not a subclass of"):
        reference.new()


def test_the_plugin_api_applies_when_the_module_is_imported(package: Path) -> None:
    (package / "gadget.py").write_text(
        GADGET + "\n    def fetch(self, proxy):\n        return self._body\n"
    )
    reference = resource.lazy("lazygadgets.gadget", "Gadget")
    with pytest.raises(exceptions.PluginLoadError, match="_body") as err:
        reference.new()
    assert type(err.value.__cause__).__name__ == "PluginAPIError"


def test_check_plugin_resolves_every_reference(package: Path) -> None:
    # (Not installed, so the checker also reports the missing entry point.)
    assert [v for v in check_plugin("lazygadgets") if v.rule == "lazy"] == []
    for name in [m for m in sys.modules if m.split(".")[0] == "lazygadgets"]:
        del sys.modules[name]
    (package / "_proxy.py").write_text(PROXY.replace('"Gadget")', '"Gizmo")'))
    importlib.invalidate_caches()
    (problem,) = [v for v in check_plugin("lazygadgets") if v.rule == "lazy"]
    assert problem.where == "lazygadgets._proxy.Gadget"
    assert "lazygadgets.gadget:Gizmo" in problem.message


def test_declared_methods_are_made_on_first_lookup(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real_make = crud.make

    def counting_make(template: str, **kwargs: Any) -> Any:
        made.append(kwargs["name"])
        return real_make(template, **kwargs)

    monkeypatch.setattr(crud, "make", counting_make)
    reference = resource.lazy("lazygadgets.gadget", "Gadget")

    class Holder:
        get_gadget = crud.getter(reference)
        gadgets = crud.lister(reference)

    assert made == [] and "lazygadgets.gadget" not in sys.modules
    assert Holder.get_gadget.__name__ == "get_gadget"
    assert made == ["get_gadget"]
    assert Holder.get_gadget is Holder.get_gadget  # made once
    assert made == ["get_gadget"]
