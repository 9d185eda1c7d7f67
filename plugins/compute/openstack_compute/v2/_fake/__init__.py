"""The compute fake: an in-memory Nova v2.1 (microversions 2.1 to 2.100) for the local
cloud, registered as ``compute.v2`` under ``openstack_core.fakes``.

Servers have Nova's lifecycle (BUILD, then ACTIVE after ``build_delay`` seconds; stop,
start, reboot, pause, suspend, shelve, rescue, rebuild, resize with confirm and revert,
lock) with its task states, status codes and messages; flavors with access and extra
specs; keypairs (generated keys are Ed25519); server groups; metadata; tags; limits and
quotas; availability zones; the action log; and the operator APIs of its one host
(hypervisors, services, aggregates, migrations). Settings (``LocalCloud(settings=
{"compute": {...}})``): ``build_delay``, ``action_delay``, ``delete_delay`` (seconds),
``host``, ``flavors`` (the seeded flavors), ``quotas`` (defaults), ``max_limit``.
"""

from openstack_compute.v2._fake._service import Fake

__all__ = ["Fake"]
