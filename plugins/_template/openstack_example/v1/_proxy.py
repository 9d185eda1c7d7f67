"""The v1 Proxy: what ``conn.example`` returns."""

from __future__ import annotations

from openstack_core import crud, proxy
from openstack_example.v1.widget import Widget


class Proxy(proxy.Proxy):
    """Example service v1.

    The six methods are declared: the core writes them with openstacksdk's names and
    signatures (``widgets(**query)``, ``get_widget(widget)``, ``find_widget(name_or_id,
    ignore_missing=True, **query)``, ``create_widget(**attrs)``,
    ``update_widget(widget, **attrs)``, ``delete_widget(widget, ignore_missing=True)``).
    Define a method yourself where the service needs more.
    """

    service_type = "example"
    api_version = 1
    plugin_api_version = "2.0"

    widgets = crud.lister(Widget)
    get_widget = crud.getter(Widget)
    find_widget = crud.finder(Widget)
    create_widget = crud.creator(Widget)
    update_widget = crud.updater(Widget)
    delete_widget = crud.deleter(Widget)
