"""Test without a cloud: the local cloud, or a fake token and catalog on requests-mock.

The local cloud serves every installed service's fake (stateful, in memory) behind a
fake Keystone, in this process and without sockets::

    from openstack_core.testing import local_cloud

    def test_boot():
        with local_cloud() as conn:                    # a Connection of user "demo"
            image = conn.image.create_image("cirros", data=b"...", disk_format="raw")
            server = conn.compute.create_server(name="web", image_id=image.id,
                                                flavor_id=..., networks="none")
            conn.compute.wait_for_server(server)

With pytest, the ``local_cloud`` fixture yields the same Connection;
``conn.local_cloud`` is the :class:`LocalCloud` (its ``clock``, ``fake("compute")``
to tune delays, ``connection("admin")``, ``dump_state()``).

To answer exactly what a test wants, a fake token and catalog on requests-mock::

    import requests_mock
    from openstack_core.testing import FakeCloud

    def test_my_code():
        with requests_mock.Mocker() as mock:
            cloud = FakeCloud(mock)
            cloud.add_service("compute", "https://compute.example.com/v2.1",
                              microversions=("2.1", "2.96"))
            mock.get("https://compute.example.com/v2.1/servers/detail",
                     json={"servers": []})
            conn = cloud.connection()            # conn.compute from installed plugins
            assert list(conn.compute.servers()) == []

``cloud.proxy(MyProxy)`` attaches a plugin's Proxy class that is not installed.
With pytest, the ``fake_cloud`` fixture (registered through the ``pytest11`` entry point
of openstack-core) yields a ready FakeCloud with an active mocker: ``fake_cloud.mocker``,
which is requests-mock's own ``requests_mock`` fixture when the test uses that too.

Requires the test extras: ``pip install openstack-core[test]`` (requests-mock, fixtures).
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from openstack_core._connection import Connection
from openstack_core._local.cloud import LocalCloud as _LocalCloudBase

if TYPE_CHECKING:
    import requests_mock

    from openstack_core._local.clock import Clock
    from openstack_core._local.service import FakeService
    from openstack_core.proxy import Proxy

__all__ = [
    "FakeCloud",
    "LocalCloud",
    "LocalConnection",
    "fake_cloud",
    "local_cloud",
    "openstacksdk_gaps",
]

P = TypeVar("P", bound="Proxy")

AUTH_URL = "https://identity.example.com/v3"
#: Per-service settings FakeCloud.proxy() passes through the configuration.
_SERVICE_SETTINGS = frozenset(
    ("endpoint_override", "default_microversion", "status_code_retries", "connect_retries")
)
TOKEN_ID = "fake-token-" + "0" * 20


class FakeCloud:
    """A Keystone v3 token and service catalog served by a requests-mock ``Mocker``.

    Every service added also answers its version discovery document, with the
    microversion range given, so microversion negotiation runs as against a real cloud.
    """

    def __init__(
        self,
        mocker: requests_mock.Mocker,
        *,
        auth_url: str = AUTH_URL,
        region_name: str = "RegionOne",
        project_id: str | None = None,
        user_id: str | None = None,
    ) -> None:
        fixture = _test_extra("keystoneauth1.fixture")
        self.mocker = mocker
        self.auth_url = auth_url
        self.region_name = region_name
        self.project_id = project_id or uuid.uuid4().hex
        self.user_id = user_id or uuid.uuid4().hex
        self.token = fixture.V3Token(
            project_id=self.project_id,
            project_name="demo",
            project_domain_id="default",
            user_id=self.user_id,
            user_name="demo",
            user_domain_id="default",
        )
        self.token.add_role(name="member")
        self._register_token()

    def _register_token(self) -> None:
        self.mocker.post(
            f"{self.auth_url}/auth/tokens",
            json=self.token,
            headers={"X-Subject-Token": TOKEN_ID},
            status_code=201,
        )
        self.mocker.get(
            self.auth_url,
            json={
                "version": {
                    "id": "v3.14",
                    "status": "stable",
                    "links": [{"rel": "self", "href": self.auth_url + "/"}],
                }
            },
        )

    def add_service(
        self,
        service_type: str,
        url: str,
        *,
        microversions: tuple[str, str] | None = None,
        version_id: str | None = None,
        interfaces: tuple[str, ...] = ("public", "internal", "admin"),
        region_name: str | None = None,
        discovery: bool = True,
        version_path: str | None = None,
    ) -> None:
        """Put ``service_type`` at ``url`` in the catalog and answer its discovery.

        ``microversions=("2.1", "2.96")`` announces that range; ``discovery=False``
        registers no version document (the service's root answers 404).
        ``version_path="v2"`` models an unversioned catalog URL, as Glance's usually is:
        ``url`` answers a list of versions and the API lives at ``url/v2/``.
        """
        service = self.token.add_service(service_type)
        endpoints = {iface: url for iface in interfaces}
        service.add_standard_endpoints(region=region_name or self.region_name, **endpoints)
        self._register_token()
        if not discovery:
            self.mocker.get(url, status_code=404)
            return
        if version_path is not None:
            api_url = f"{url.rstrip('/')}/{version_path.strip('/')}/"
            entry: dict[str, Any] = {
                "id": version_id or f"{version_path.strip('/')}.0",
                "status": "CURRENT",
                "links": [{"rel": "self", "href": api_url}],
            }
            if microversions:
                entry["min_version"], entry["version"] = microversions
            self.mocker.get(url, json={"versions": [entry]}, status_code=300)
            self.mocker.get(api_url, json={"version": entry})
            return
        if version_id is None:
            tail = url.rstrip("/").rsplit("/", 1)[-1]
            version_id = tail if tail[:1] == "v" and tail[1:2].isdigit() else "v1.0"
        version: dict[str, Any] = {
            "id": version_id,
            "status": "CURRENT",
            "links": [{"rel": "self", "href": url.rstrip("/") + "/"}],
        }
        if microversions:
            version["min_version"], version["version"] = microversions
        self.mocker.get(url, json={"version": version})

    def session(self) -> ks_session.Session:
        """A keystoneauth1 Session authenticated against the fake Keystone."""
        auth = v3.Password(
            auth_url=self.auth_url,
            username="demo",
            password="fake-password",
            project_id=self.project_id,
            user_domain_id="default",
        )
        return ks_session.Session(auth=auth)

    def proxy(self, proxy_class: type[P], **kwargs: Any) -> P:
        """An instance of ``proxy_class`` (installed or not) on this fake cloud, built
        exactly as a Connection builds it (region, major version, discovery).

        Keyword arguments are per-service settings as a Connection reads them from
        clouds.yaml, without the service prefix (``endpoint_override=``,
        ``default_microversion=``, ``status_code_retries=``, ``connect_retries=``);
        any other keyword goes to the Proxy's constructor as it is (keystoneauth1
        Adapter arguments such as ``status_code_retry_delay=``).
        """
        from openstack_core._config import CloudConfig
        from openstack_core._services import attr_name, build_proxy

        prefix = attr_name(proxy_class.service_type) + "_"
        region = kwargs.pop("region_name", self.region_name)
        interface = kwargs.pop("interface", "public")
        settings = {k: kwargs.pop(k) for k in list(kwargs) if k in _SERVICE_SETTINGS}
        config = CloudConfig(
            name="fake",
            auth_type="password",
            region_name=region,
            interface=interface,
            options={prefix + key: value for key, value in settings.items()},
        )
        built = build_proxy(proxy_class, self.session(), config, **kwargs)
        return built  # type: ignore[return-value]

    def connection(self, **kwargs: Any) -> Connection:
        """A Connection to this fake cloud with every installed service plugin."""
        from openstack_core._connection import Connection

        kwargs.setdefault("region_name", self.region_name)
        return Connection(session=self.session(), **kwargs)


def _test_extra(module: str) -> Any:
    """Import ``module``, naming the extra that installs it when it is missing."""
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            f"openstack_core.testing needs {exc.name!r}, which the test extra installs: "
            "pip install 'openstack-core[test]'",
            name=exc.name,
        ) from exc


def fake_cloud() -> Iterator[FakeCloud]:
    """pytest fixture: a FakeCloud on an active requests-mock Mocker."""
    requests_mock = _test_extra("requests_mock")
    with requests_mock.Mocker() as mocker:
        yield FakeCloud(mocker)


class LocalConnection(Connection):
    """A Connection to a :class:`LocalCloud` in this process; ``local_cloud`` is it."""

    local_cloud: LocalCloud


class LocalCloud(_LocalCloudBase):
    """Every installed fake behind a fake Keystone, served in this process.

    ``LocalCloud(clock=Clock(start=time.time()), settings={"compute": {"build_delay":
    0}})``; ``connection("admin")`` (users ``admin`` and ``demo``), ``fake("compute")``
    (the fake itself: its settings and state), ``clock``, ``dump_state()`` and
    ``load_state()``. The in-process URL ``http://local-cloud.invalid`` never resolves.
    """

    def connection(self, user: str = "demo", **kwargs: Any) -> LocalConnection:
        """A Connection of ``user`` to this cloud (no clouds.yaml, no ``OS_*``)."""
        kwargs.setdefault("region_name", "RegionOne")
        conn = LocalConnection(session=self.session(user), **kwargs)
        conn.local_cloud = self
        return conn


@contextlib.contextmanager
def local_cloud(
    user: str = "demo",
    *,
    clock: Clock | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    fakes: Mapping[str, type[FakeService]] | None = None,
    **kwargs: Any,
) -> Iterator[LocalConnection]:
    """A Connection of ``user`` to a fresh :class:`LocalCloud` (closed afterwards).

    ``settings`` are per service (``{"compute": {"build_delay": 0}}``); ``fakes``
    replaces the installed fakes (``{"dns": MyFake}``); other keyword arguments go to
    the Connection (``extra_services={"dns": MyProxy}``, ``compute_api_version=...``);
    ``conn.local_cloud`` is the cloud.
    """
    conn = LocalCloud(clock=clock, settings=settings, fakes=fakes).connection(user, **kwargs)
    try:
        yield conn
    finally:
        conn.close()


def openstacksdk_gaps(
    proxy_class: type, methods_file: Path, readme: Path, section: str
) -> list[str]:
    """What a plugin README's list of missing openstacksdk methods gets wrong.

    ``methods_file`` names openstacksdk's proxy methods for the service, one per line
    (``#`` comments allowed); ``section`` is the text in ``readme`` after which, up to
    the next ``## `` heading, the missing ones are named in backticks. Returns one line
    per openstacksdk method that ``proxy_class`` lacks and the list leaves out, and per
    listed method that ``proxy_class`` has; empty when the list is right::

        def test_missing_methods_are_listed():
            assert not openstacksdk_gaps(Proxy, HERE / "sdk_methods.txt", README, "## Not included")
    """
    lines = methods_file.read_text().splitlines()
    methods = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    text = readme.read_text()
    if section not in text:
        return [f"{readme.name} has no section {section!r}"]
    listed = set(re.findall(r"`(\w+)`", text.split(section, 1)[1].split("\n## ", 1)[0]))
    gaps = [
        f"{name}: openstacksdk has it, {proxy_class.__name__} does not, the list does not say so"
        for name in methods
        if not hasattr(proxy_class, name) and name not in listed
    ]
    gaps += [
        f"{name}: listed as missing, but {proxy_class.__name__} has it"
        for name in sorted(listed & set(methods))
        if hasattr(proxy_class, name)
    ]
    return gaps
