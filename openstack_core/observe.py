"""Observe every API call: one record per call of every service, for applications.

::

    from openstack_core import observe

    def slow_calls(record: observe.RequestRecord) -> None:
        if record.elapsed > 1.0:
            print(record.method, record.url_template, record.status_code, record.request_id)

    observe.add_observer(slow_calls)  # every Connection of this process
    conn = openstack_core.connect(cloud="mycloud", observers=[other])  # one Connection

An observer is any callable taking a :class:`RequestRecord`: service type, method, URL,
URL template, status code (None when no response arrived), duration (``elapsed``,
seconds), request id, microversion, region and the exception the caller got when no
response arrived. It runs on the caller's thread after the call ended, so keep it
cheap; an exception it raises is logged (the first one with its traceback) and never
reaches the caller. The statsd, Prometheus, InfluxDB and OpenTelemetry backends
configured in clouds.yaml's ``metrics:`` or by the Connection's keywords are observers
of the same records; the ``openstack_core.http`` logger writes one DEBUG line per call.

``url_template`` is the URL's path with ids replaced, so it has one value per API
route: below the service's endpoint, segments alternate between collection and id, as
openstacksdk derives its metric names (``/v2.1/servers/{id}/os-volume_attachments``,
``/v2.1/servers/detail``); a project id in the endpoint is ``{project_id}``, a segment
that looks like a UUID is ``{id}`` anywhere. With nothing observing, a call is not even
timed.
"""

from openstack_core._observe import Observer, add_observer, remove_observer
from openstack_core.proxy import RequestRecord

__all__ = ["Observer", "RequestRecord", "add_observer", "remove_observer"]
