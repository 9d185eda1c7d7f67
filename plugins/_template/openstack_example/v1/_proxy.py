"""The v1 Proxy: what ``conn.example`` returns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openstack_core import proxy
from openstack_example.v1.widget import Widget


class Proxy(proxy.Proxy):
    """Example service v1."""

    service_type = "example"
    api_version = 1
    plugin_api_version = "1.1"

    def widgets(self, **query: Any) -> Iterator[Widget]:
        """Iterate over widgets; ``query`` takes the filters Widget declares."""
        return self._list(Widget, **query)

    def get_widget(self, widget: str | Widget) -> Widget:
        """Get one widget by id or Widget."""
        return self._get(Widget, widget)

    def find_widget(self, name_or_id: str, ignore_missing: bool = True) -> Widget | None:
        """Find a widget by id or name; None when missing and ``ignore_missing``."""
        return self._find(Widget, name_or_id, ignore_missing=ignore_missing)

    def create_widget(self, **attrs: Any) -> Widget:
        """Create a widget from Widget attributes."""
        return self._create(Widget, **attrs)

    def update_widget(self, widget: str | Widget, **attrs: Any) -> Widget:
        """Change a widget's attributes."""
        return self._update(Widget, widget, **attrs)

    def delete_widget(self, widget: str | Widget, ignore_missing: bool = True) -> None:
        """Delete a widget; a missing one is ignored unless ``ignore_missing=False``."""
        self._delete(Widget, widget, ignore_missing=ignore_missing)
