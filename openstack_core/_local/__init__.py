"""The local cloud's workshop: the fake-writer's API behind ``openstack_core.fakes``,
the fake Keystone, the dispatcher, both transports (in-process and HTTP) and the state
file. Nothing here is public; ``openstack_core.fakes`` and ``openstack_core.testing``
re-export what is."""
