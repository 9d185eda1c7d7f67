"""An in-memory fake of the example service, served by the local cloud.

Registered as ``example.v1`` under ``openstack_core.fakes`` (``pyproject.toml``), it is
what ``conn.example`` talks to in ``openstack_core.testing.local_cloud()`` and in
``python -m openstack_core local-cloud serve``. Replace the widgets with your service's
resources, answering as your service answers (its status codes and error bodies).
"""

from __future__ import annotations

from typing import Any

from openstack_core import fakes

#: The version's path: the catalog lists ``<cloud>/example/v1``.
_V = "/v1"


class Fake(fakes.FakeService):
    """Widgets in memory, per project."""

    service_type = "example"
    api_version = 1
    plugin_api_version = "2.0"
    catalog_path = _V

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.widgets: dict[str, dict[str, Any]] = {}

    def _widget(self, request: fakes.Request, widget_id: str) -> dict[str, Any]:
        widget = self.widgets.get(widget_id)
        if widget is None or widget["project_id"] != request.project_id:
            raise fakes.Fault(404, f"Widget {widget_id} could not be found.")
        return widget

    @fakes.route("GET", f"{_V}/widgets")
    def list_widgets(self, request: fakes.Request) -> dict[str, Any]:
        """The project's widgets: ``name`` and ``color`` filters, ``sort``, paging."""
        found = [
            w
            for w in self.widgets.values()
            if w["project_id"] == request.project_id
            and all(request.arg(k) in (None, w.get(k)) for k in ("name", "color"))
        ]
        key = request.arg("sort", "created_at") or "created_at"
        found.sort(key=lambda w: (str(w.get(key)), w["id"]))
        page = fakes.paginate(found, request)
        return {"widgets": page.items}

    @fakes.route("POST", f"{_V}/widgets")
    def create_widget(self, request: fakes.Request) -> fakes.Response:
        """Create a widget from ``{"widget": {...}}``."""
        widget = {
            **request.json_object("widget"),
            "id": fakes.new_id(),
            "project_id": request.project_id,
            "created_at": fakes.isotime(self.now()),
        }
        self.widgets[widget["id"]] = widget
        return fakes.Response.json({"widget": widget}, 201)

    @fakes.route("GET", f"{_V}/widgets/{{widget_id}}")
    def get_widget(self, request: fakes.Request, widget_id: str) -> dict[str, Any]:
        """One widget."""
        return {"widget": self._widget(request, widget_id)}

    @fakes.route("PUT", f"{_V}/widgets/{{widget_id}}")
    def update_widget(self, request: fakes.Request, widget_id: str) -> dict[str, Any]:
        """Change the attributes sent."""
        widget = self._widget(request, widget_id)
        changes = request.json_object("widget")
        widget.update({k: v for k, v in changes.items() if k not in ("id", "project_id")})
        return {"widget": widget}

    @fakes.route("DELETE", f"{_V}/widgets/{{widget_id}}")
    def delete_widget(self, request: fakes.Request, widget_id: str) -> fakes.Response:
        """Delete a widget."""
        del self.widgets[self._widget(request, widget_id)["id"]]
        return fakes.Response.empty()

    def dump_state(self) -> Any:
        """The widgets (``--state``)."""
        return self.widgets

    def load_state(self, data: Any) -> None:
        """The widgets back."""
        self.widgets = dict(data)
