"""One measurement in a fresh process: ``python -I _worker.py CONTENDER MEASURE SPEC``.

The driver (``run.py``) starts this file with the Python of a contender's virtualenv,
once per measurement, and reads one JSON object from the last line of stdout. It must
stay self-contained (``-I`` keeps the benchmark directory off ``sys.path``) and import
nothing at module level beyond ``abc``, ``sys`` and ``time``: the ``startup``
measurement counts the modules a contender imports, and anything imported here first
would be hidden from that count (``abc`` is loaded by the interpreter's own start-up,
so importing it here hides nothing).

Contenders:

``core``
    openstack-core with the compute and image plugins (``openstack_core.connect``).
``sdk``
    openstacksdk (``openstack.connect``), through its public proxy layer.
``floor``
    keystoneauth1 alone: the clouds.yaml auth section fed to keystoneauth1's plugin
    loader, a Session and an Adapter per service, pagination links followed by hand and
    plain dicts. No SDK can do less work and still talk to the same cloud.
"""

import abc
import sys
import time

CLOUD = "bench"
#: What the listings read from every item, as an application would.
TOUCHED = ("id", "name", "status")


# -- helpers ---------------------------------------------------------------------------


def _control(spec, path):
    """GET a path of the fake cloud's control port (never counted as a request)."""
    import http.client
    import json

    connection = http.client.HTTPConnection("127.0.0.1", spec["control_port"], timeout=60)
    try:
        connection.request("GET", path)
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


def _mark(spec, label):
    """Record a phase boundary in the fake cloud's request log."""
    _control(spec, f"/mark?label={label}")


def _rss_reset():
    """Reset the kernel's peak-RSS counter to the current RSS; return the current RSS.

    Writing 5 to ``/proc/self/clear_refs`` (Linux 4.0+) resets ``VmHWM``, so the peak
    read afterwards belongs to the code that ran in between and not to the imports.
    """
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        return None
    return _proc_status("VmRSS")


def _proc_status(key):
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return None


def _loaded(prefixes):
    return sorted(m for m in sys.modules if m.split(".")[0] in prefixes)


# -- contenders ------------------------------------------------------------------------


class Contender(abc.ABC):
    """What every contender does; each measurement calls these and times them.

    Abstract: a contender that lacks one of these methods fails when it is created,
    before any measurement starts, rather than halfway through one.
    """

    #: Top-level packages of the contender's service plugins (checked for early import).
    plugin_packages: tuple[str, ...] = ()
    #: The clouds.yaml entry to connect to (the start-up measurements name others).
    cloud = CLOUD

    @abc.abstractmethod
    def import_library(self):
        """Import what a script using this contender imports first."""

    @abc.abstractmethod
    def connect(self):
        """Connect to the cloud named in clouds.yaml; sends nothing. Returns the
        connection (or Session), which has ``compute`` for SDK contenders."""

    @abc.abstractmethod
    def flavors(self):
        """The names of every flavor (the first call of the startup measurement)."""

    @abc.abstractmethod
    def list_servers(self):
        """Iterate every server reading id, name and status; returns how many."""

    @abc.abstractmethod
    def get_server(self, server_id):
        """Fetch one server."""

    @abc.abstractmethod
    def get_image(self, image_id):
        """Fetch one image."""

    @abc.abstractmethod
    def list_images(self):
        """Iterate every image reading id, name and status; returns how many."""

    @abc.abstractmethod
    def list_users(self):
        """Iterate every Keystone user reading id, name and enabled; returns how many."""

    @abc.abstractmethod
    def get_user(self, user_id):
        """Fetch one user."""

    @abc.abstractmethod
    def server_builder(self, microversion):
        """A function turning one decoded server dict into what a listing yields."""


class ProxyLayer(Contender):
    """The calls both SDKs share: their proxy layers have the same names."""

    conn = None

    def flavors(self):
        return [flavor.name for flavor in self.conn.compute.flavors()]

    def list_servers(self):
        count = 0
        for server in self.conn.compute.servers():
            server.id, server.name, server.status  # noqa: B018 - reading is the workload
            count += 1
        return count

    def get_server(self, server_id):
        return self.conn.compute.get_server(server_id)

    def get_image(self, image_id):
        return self.conn.image.get_image(image_id)

    def list_images(self):
        count = 0
        for image in self.conn.image.images():
            image.id, image.name, image.status  # noqa: B018
            count += 1
        return count

    def get_port(self, port_id):
        return self.conn.network.get_port(port_id)

    def list_ports(self):
        count = 0
        for port in self.conn.network.ports():
            port.id, port.name, port.status  # noqa: B018
            count += 1
        return count

    def list_users(self):
        count = 0
        for user in self.conn.identity.users():
            user.id, user.name, user.is_enabled  # noqa: B018
            count += 1
        return count

    def get_user(self, user_id):
        return self.conn.identity.get_user(user_id)


class Core(ProxyLayer):
    """openstack-core through its public API."""

    plugin_packages = (
        "openstack_compute",
        "openstack_image",
        "openstack_network",
        "openstack_identity",
    )

    def import_library(self):
        import openstack_core

        return openstack_core

    def connect(self):
        import openstack_core

        self.conn = openstack_core.connect(cloud=self.cloud)
        return self.conn

    def server_builder(self, microversion):
        from openstack_compute.v2.server import Server

        # What Resource.list does for every item of a page (Resource._pages).
        from_body = Server._from_body
        return lambda body: from_body(body, None, microversion)


class Sdk(ProxyLayer):
    """openstacksdk through its public proxy layer."""

    def import_library(self):
        import openstack

        return openstack

    def connect(self):
        import openstack

        self.conn = openstack.connect(cloud=self.cloud)
        return self.conn

    def server_builder(self, microversion):
        from openstack.compute.v2.server import Server

        conn = self.conn or self.connect()
        # What openstack.resource.Resource.list does for every item of a page.
        return lambda body: Server.existing(microversion=microversion, connection=conn, **body)


class Floor(Contender):
    """keystoneauth1 alone: the least work that still talks to the same cloud."""

    def import_library(self):
        import yaml
        from keystoneauth1 import adapter, loading, session

        return (yaml, adapter, loading, session)

    def connect(self):
        import os

        import yaml
        from keystoneauth1 import adapter, loading, session

        with open(os.environ["OS_CLIENT_CONFIG_FILE"]) as handle:
            cloud = yaml.safe_load(handle)["clouds"][self.cloud]
        loader = loading.get_plugin_loader(cloud.get("auth_type", "password"))
        auth = loader.load_from_options(**cloud["auth"])
        self.session = session.Session(auth=auth)
        where = {"region_name": cloud["region_name"], "interface": "public"}
        # The same microversion openstack-core and openstacksdk negotiate for servers.
        self.compute = adapter.Adapter(
            self.session, service_type="compute", default_microversion="2.100", **where
        )
        self.image = adapter.Adapter(self.session, service_type="image", **where)
        # The catalog's root, as it is; the floor adds /v2.0 itself.
        self.network = adapter.Adapter(self.session, service_type="network", **where)
        self.identity = adapter.Adapter(self.session, service_type="identity", **where)
        return self.session

    def flavors(self):
        body = self.compute.get("/flavors/detail", params={"is_public": "None"}).json()
        return [flavor["name"] for flavor in body["flavors"]]

    def list_servers(self):
        count = 0
        url = "/servers/detail"
        while url:
            page = self.compute.get(url).json()
            for server in page["servers"]:
                server["id"], server["name"], server["status"]
                count += 1
            # Nova's next link is absolute; keystoneauth1 uses an absolute URL as is.
            url = next(
                (
                    link["href"]
                    for link in page.get("servers_links", ())
                    if link.get("rel") == "next"
                ),
                None,
            )
        return count

    def get_server(self, server_id):
        return self.compute.get(f"/servers/{server_id}").json()["server"]

    def list_users(self):
        count = 0
        # Keystone answers every user at once; its links.next is null.
        for user in self.identity.get("/users").json()["users"]:
            user["id"], user["name"], user["enabled"]
            count += 1
        return count

    def get_user(self, user_id):
        return self.identity.get(f"/users/{user_id}").json()["user"]

    def get_image(self, image_id):
        return self.image.get(f"/v2/images/{image_id}").json()

    def list_images(self):
        count = 0
        url = "/v2/images"
        while url:
            page = self.image.get(url).json()
            for image in page["images"]:
                image["id"], image["name"], image["status"]
                count += 1
            # Glance's next link is relative to its root, which is the catalog URL here.
            url = page.get("next")
        return count

    def get_port(self, port_id):
        return self.network.get(f"/v2.0/ports/{port_id}").json()["port"]

    def list_ports(self):
        count = 0
        url = "/v2.0/ports"
        while url:
            page = self.network.get(url).json()
            for port in page["ports"]:
                port["id"], port["name"], port["status"]
                count += 1
            url = next(
                (link["href"] for link in page.get("ports_links", ()) if link.get("rel") == "next"),
                None,
            )
        return count

    def server_builder(self, microversion):
        return lambda body: body


class CorePrometheus(Core):
    """openstack-core reporting every call to Prometheus (openstacksdk's collectors in a
    registry of its own), as an operator's process would."""

    registry = None

    def connect(self):
        import prometheus_client

        import openstack_core

        self.registry = prometheus_client.CollectorRegistry()
        self.conn = openstack_core.connect(
            cloud=CLOUD, prometheus_config={"collector_registry": self.registry}
        )
        return self.conn

    def list_servers(self):
        count = super().list_servers()
        counted = sum(
            sample.value
            for family in self.registry.collect()
            if family.name == "openstack_http_requests"
            for sample in family.samples
            if sample.name == "openstack_http_requests_total"
        )
        if not counted:
            raise AssertionError("Prometheus counted no request")
        return count


CONTENDERS = {"core": Core, "sdk": Sdk, "floor": Floor, "core_prometheus": CorePrometheus}


# -- measurements ----------------------------------------------------------------------


def measure_startup(spec, contender):
    """Cold import, connect from clouds.yaml, first call (list flavors); the cloud is
    ``params["cloud"]`` (``bench`` by default)."""
    before = len(sys.modules)
    start = time.perf_counter()
    contender.import_library()
    imported = time.perf_counter()
    modules = len(sys.modules) - before
    contender.cloud = spec["params"].get("cloud", CLOUD)  # the spec is decoded only now
    checks = {}
    _mark(spec, "connect")
    start_connect = time.perf_counter()
    contender.connect()
    connected = time.perf_counter()
    checks["plugins_imported_after_connect"] = _loaded(contender.plugin_packages)
    _mark(spec, "first_call")
    start_call = time.perf_counter()
    flavors = contender.flavors()
    called = time.perf_counter()
    _mark(spec, "end")
    if len(flavors) != spec["params"]["flavors"]:
        raise AssertionError(f"listed {len(flavors)} flavors")
    checks["plugins_imported_after_first_call"] = _loaded(contender.plugin_packages)
    import_s = imported - start
    connect_s = connected - start_connect
    call_s = called - start_call
    return {
        "import_s": import_s,
        "modules": modules,
        "connect_s": connect_s,
        "first_call_s": call_s,
        "startup_s": import_s + connect_s + call_s,
    }, checks


def measure_startup_cpu(spec, contender):
    """The start-up's CPU time (``time.process_time()``) by phase, for
    ``profile_startup.py``: steadier than wall time on a busy machine. The first access
    to the compute service is its own phase for an SDK contender."""
    cpu = time.process_time
    start = cpu()
    contender.import_library()
    imported = cpu()
    contender.cloud = spec["params"].get("cloud", CLOUD)
    contender.connect()
    connected = cpu()
    if isinstance(contender, ProxyLayer):
        contender.conn.compute  # noqa: B018
    attached = cpu()
    contender.flavors()
    called = cpu()
    return {
        "import_s": imported - start,
        "connect_s": connected - imported,
        "compute_s": attached - connected,
        "first_call_s": called - attached,
        "startup_s": called - start,
    }, {}


def measure_list_servers(spec, contender):
    """Iterate every server, reading three attributes; time and peak RSS growth."""
    expected = spec["params"]["servers"]
    contender.import_library()
    contender.connect()
    # Authenticate and discover before the clock starts: the listing is what is timed.
    contender.get_server(spec["params"]["server_ids"][0])
    _mark(spec, "timed")
    rss_before = _rss_reset()
    cpu = time.process_time()
    start = time.perf_counter()
    count = contender.list_servers()
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = _proc_status("VmHWM") if rss_before is not None else None
    _mark(spec, "end")
    if count != expected:
        raise AssertionError(f"listed {count} servers, expected {expected}")
    values = {"time_s": elapsed, "cpu_s": cpu, "per_server_us": elapsed / count * 1e6}
    if peak is not None:
        values["peak_rss_mb"] = (peak - rss_before) / 2**20
    return values, {}


def measure_server_objects(spec, contender):
    """Memory and build time of one Server object against its decoded JSON dict."""
    import gc
    import json
    import tracemalloc
    import urllib.request

    contender.import_library()
    build = contender.server_builder(spec["params"]["microversion"])
    with urllib.request.urlopen(spec["params"]["page_url"], timeout=60) as response:
        page = response.read()
    count = len(json.loads(page)["servers"])

    # Memory: what the decoded page's dicts hold, then what the objects built from them
    # hold once the page itself is dropped (an SDK that copies may free the dicts).
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    items = json.loads(page)["servers"]
    dict_bytes = tracemalloc.get_traced_memory()[0] - base
    objects = [build(item) for item in items]
    del items
    gc.collect()
    object_bytes = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    del objects
    gc.collect()

    # Build time: the best of several passes, each over a fresh decode (a contender
    # that consumes its input cannot profit from a previous pass). At least three
    # passes, then as many as fit in about a second (openstacksdk needs seconds a pass).
    passes = []
    decode = []
    began = time.perf_counter()
    while len(passes) < 3 or (
        len(passes) < spec["params"]["passes"] and time.perf_counter() - began < 1.0
    ):
        start = time.perf_counter()
        items = json.loads(page)["servers"]
        decoded = time.perf_counter()
        objects = [build(item) for item in items]
        built = time.perf_counter()
        decode.append((decoded - start) / count)
        passes.append((built - decoded) / count)
        del objects, items
    return {
        "dict_bytes": dict_bytes / count,
        "object_bytes": object_bytes / count,
        "memory_ratio": object_bytes / dict_bytes,
        "build_us": min(passes) * 1e6,
        "decode_us": min(decode) * 1e6,
    }, {}


def measure_get_server(spec, contender):
    """``get_server`` per call, over distinct servers."""
    ids = spec["params"]["server_ids"]
    calls = spec["params"]["calls"]
    contender.import_library()
    contender.connect()
    contender.get_server(ids[0])
    _mark(spec, "timed")
    cpu = time.process_time()
    start = time.perf_counter()
    for number in range(calls):
        contender.get_server(ids[number % len(ids)])
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    _mark(spec, "end")
    return {"per_call_us": elapsed / calls * 1e6, "cpu_per_call_us": cpu / calls * 1e6}, {}


def measure_list_images(spec, contender):
    """List every image (Glance's default page size), reading three attributes."""
    contender.import_library()
    contender.connect()
    contender.get_image(spec["params"]["image_ids"][0])
    _mark(spec, "timed")
    cpu = time.process_time()
    start = time.perf_counter()
    count = contender.list_images()
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    _mark(spec, "end")
    if count != spec["params"]["images"]:
        raise AssertionError(f"listed {count} images")
    return {"time_s": elapsed, "cpu_s": cpu}, {}


def measure_list_ports(spec, contender):
    """List every port (Neutron answers them in one page), reading three attributes."""
    contender.import_library()
    contender.connect()
    # Authenticate and resolve the endpoint before the clock starts.
    contender.get_port(spec["params"]["port_ids"][0])
    _mark(spec, "timed")
    rss_before = _rss_reset()
    cpu = time.process_time()
    start = time.perf_counter()
    count = contender.list_ports()
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = _proc_status("VmHWM") if rss_before is not None else None
    _mark(spec, "end")
    if count != spec["params"]["ports"]:
        raise AssertionError(f"listed {count} ports, expected {spec['params']['ports']}")
    values = {"time_s": elapsed, "cpu_s": cpu}
    if peak is not None:
        values["peak_rss_mb"] = (peak - rss_before) / 2**20
    return values, {}


def measure_list_users(spec, contender):
    """List every user (Keystone answers them in one page), reading three attributes."""
    contender.import_library()
    contender.connect()
    contender.get_user(spec["params"]["user_ids"][0])
    _mark(spec, "timed")
    cpu = time.process_time()
    start = time.perf_counter()
    count = contender.list_users()
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    _mark(spec, "end")
    if count != spec["params"]["users"]:
        raise AssertionError(f"listed {count} users")
    return {"time_s": elapsed, "cpu_s": cpu, "per_user_us": elapsed / count * 1e6}, {}


def measure_compute_access(spec, contender):
    """``conn.compute``: the first access (plugin import, Proxy) and every later one."""
    contender.import_library()
    conn = contender.connect()
    checks = {"plugins_imported_before_access": _loaded(contender.plugin_packages)}
    _mark(spec, "timed")
    start = time.perf_counter()
    conn.compute  # noqa: B018
    first = time.perf_counter() - start
    _mark(spec, "end")
    checks["plugins_imported_after_compute"] = _loaded(contender.plugin_packages)
    loops = spec["params"]["loops"]
    best = None
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(loops):
            conn.compute  # noqa: B018
        elapsed = (time.perf_counter() - start) / loops
        best = elapsed if best is None else min(best, elapsed)
    return {"first_s": first, "second_us": best * 1e6}, checks


def measure_plugins(spec, contender):
    """Connect and attach ``conn.compute`` (which reads the entry points): no HTTP.

    The modules are imported before the clock starts (plain imports, which read no
    entry point), so what is timed is what the number of installed distributions can
    change: reading the entry-point metadata, building the services table, choosing
    and loading the plugin. Import times would otherwise add noise of their own size.
    """
    contender.import_library()
    for module in spec["params"]["preimport"]:
        __import__(module)
    start = time.perf_counter()
    conn = contender.connect()
    conn.compute  # noqa: B018
    elapsed = time.perf_counter() - start
    services = conn.registry.service_types()
    checks = {
        "services_seen": len(services),
        "dummy_modules_imported": sorted(m for m in sys.modules if m.startswith("bench_dummy")),
    }
    return {"connect_attach_s": elapsed}, checks


def measure_local_cloud(spec, contender):
    """openstack-core's local cloud in process (no sockets): create, get and delete
    ``servers`` servers through ``conn.compute``, booted from an image of the image
    fake, with the quotas lifted and no build or delete delay."""
    if not isinstance(contender, Core):
        raise AssertionError("the local cloud is openstack-core's: run it for core only")
    from openstack_core.testing import local_cloud

    count = spec["params"]["servers"]
    unlimited = {"instances": -1, "cores": -1, "ram": -1}
    settings = {"compute": {"quotas": unlimited, "build_delay": 0, "delete_delay": 0}}
    with local_cloud(settings=settings) as conn:
        compute = conn.compute
        image = conn.image.create_image(
            "bench", data=b"\0" * 1024, disk_format="raw", container_format="bare"
        )
        # One round first: discovery, the first token and byte code are not timed.
        warm = compute.create_server(name="warm", image_id=image.id, flavor_id="1", networks="none")
        compute.get_server(warm.id)
        compute.delete_server(warm.id)
        cpu = time.process_time()
        start = time.perf_counter()
        ids = [
            compute.create_server(
                name=f"bench-{number}", image_id=image.id, flavor_id="1", networks="none"
            ).id
            for number in range(count)
        ]
        created = time.perf_counter()
        for server_id in ids:
            compute.get_server(server_id)
        fetched = time.perf_counter()
        for server_id in ids:
            compute.delete_server(server_id)
        deleted = time.perf_counter()
        cpu = time.process_time() - cpu
        checks = {"servers_left": sum(1 for _ in compute.servers())}
    if checks["servers_left"]:
        raise AssertionError(f"{checks['servers_left']} servers left after deleting")
    return {
        "total_s": deleted - start,
        "cpu_s": cpu,
        "create_s": created - start,
        "get_s": fetched - created,
        "delete_s": deleted - fetched,
        "per_call_us": (deleted - start) / (3 * count) * 1e6,
    }, checks


MEASURES = {
    "startup": measure_startup,
    "startup_cpu": measure_startup_cpu,
    "list_servers": measure_list_servers,
    "server_objects": measure_server_objects,
    "get_server": measure_get_server,
    "list_images": measure_list_images,
    "list_ports": measure_list_ports,
    "list_users": measure_list_users,
    "compute_access": measure_compute_access,
    "plugins": measure_plugins,
    "local_cloud": measure_local_cloud,
}


class _LazySpec(dict):
    """The JSON spec, decoded on first access: for ``startup`` that is after the import
    is timed, since importing json first would hide it from the module count."""

    def __init__(self, text):
        super().__init__()
        self.text = text

    def __getitem__(self, key):
        if not self:
            import json

            self.update(json.loads(self.text))
        return super().__getitem__(key)


def main():
    """``_worker.py CONTENDER MEASURE SPEC_JSON``: run it, print one JSON line."""
    contender_name, measure_name, spec_text = sys.argv[1:4]
    contender = CONTENDERS[contender_name]()
    values, checks = MEASURES[measure_name](_LazySpec(spec_text), contender)
    import json

    print(json.dumps({"values": values, "checks": checks}))


if __name__ == "__main__":
    main()
