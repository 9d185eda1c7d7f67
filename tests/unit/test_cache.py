"""The opt-in on-disk caches, at the HTTP level: what a second process sends, and every
way an entry is refused or invalidated.

Each test writes a clouds.yaml with ``cache:`` and points ``XDG_CACHE_HOME`` at a
temporary directory. A new Connection builds a new Session, with nothing in memory: to
the caches it is a new process.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests_mock

import openstack_core
from openstack_core import _cache, exceptions
from openstack_core.testing import AUTH_URL, FakeCloud

COMPUTE = "https://compute.example.com/v2.1"
FLAVORS = f"{COMPUTE}/flavors/detail"
SERVER = f"{COMPUTE}/servers/missing"
TOKENS = f"{AUTH_URL}/auth/tokens"

CLOUDS = f"""\
cache:
  auth: true
  discovery: true
clouds:
  fake:
    region_name: RegionOne
    auth_type: password
    auth:
      auth_url: {AUTH_URL}
      username: demo
      password: s3cret-password
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(CLOUDS)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    _cache._warned.clear()
    return tmp_path / "xdg" / "openstack-core"


@pytest.fixture
def cloud() -> Iterator[FakeCloud]:
    with requests_mock.Mocker() as mock:
        cloud = FakeCloud(mock)
        cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
        mock.get(FLAVORS, json={"flavors": [{"id": "1", "name": "small"}]})
        mock.get(SERVER, status_code=404, json={"itemNotFound": {"message": "no"}})
        yield cloud


def _sent(cloud: FakeCloud) -> list[str]:
    """The requests sent so far, as ``METHOD url``; then forgets them."""
    sent = [f"{r.method} {r.url.split('?')[0].rstrip('/')}" for r in cloud.mocker.request_history]
    cloud.mocker.reset_mock()
    return sent


def _first_call(**kwargs: Any) -> list[str]:
    conn = openstack_core.connect(cloud="fake", **kwargs)
    return [f.name for f in conn.compute.flavors()]


def _token_file(cache_dir: Path) -> Path:
    (path,) = cache_dir.glob("token-*.json")
    return path


def _discovery_file(cache_dir: Path, url: str) -> Path:
    return cache_dir / _cache.DiscoveryCache.file_name(url)


# -- what a second process sends -----------------------------------------------------------


def test_second_process_sends_only_its_call(cloud: FakeCloud, cache_dir: Path) -> None:
    assert _first_call() == ["small"]
    assert _sent(cloud) == [f"GET {AUTH_URL}", f"POST {TOKENS}", f"GET {COMPUTE}", f"GET {FLAVORS}"]
    assert _first_call() == ["small"]
    assert _sent(cloud) == [f"GET {FLAVORS}"]


def test_files_are_private_and_hold_no_secret(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    files = sorted(p.name for p in cache_dir.iterdir())
    assert len(files) == 3, files  # the identity and compute documents, the token
    for path in cache_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert path.stat().st_uid == os.geteuid()
        assert "s3cret-password" not in path.read_text()
    assert "s3cret-password" not in _token_file(cache_dir).name


def test_caches_are_off_unless_configured(
    cloud: FakeCloud, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clouds = tmp_path / "plain.yaml"
    clouds.write_text(CLOUDS.replace("cache:\n  auth: true\n  discovery: true\n", ""))
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    _first_call()
    _first_call()
    assert len(_sent(cloud)) == 8
    assert not cache_dir.exists()


def test_one_cache_without_the_other(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call(cache={"auth": False})
    _sent(cloud)
    _first_call(cache={"auth": False})
    assert _sent(cloud) == [f"POST {TOKENS}", f"GET {FLAVORS}"]  # documents cached
    assert not list(cache_dir.glob("token-*"))


def test_the_token_is_kept_per_project(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    _sent(cloud)
    _first_call(auth={"project_name": "other"})
    assert f"POST {TOKENS}" in _sent(cloud)
    assert len(list(cache_dir.glob("token-*.json"))) == 2


def test_a_token_auth_type_is_not_cached(cloud: FakeCloud, cache_dir: Path) -> None:
    # The options of a token auth type do not say whose token it is.
    auth = {"auth_url": AUTH_URL, "token": "t", "project_id": cloud.project_id}
    conn = openstack_core.Connection(
        load_yaml_config=False, auth_type="token", auth=auth, cache={"auth": True}
    )
    conn.authorize()
    list(conn.compute.flavors())
    assert not list(cache_dir.glob("token-*"))


# -- invalidation ------------------------------------------------------------------------


def test_401_replaces_the_cached_token(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    before = json.loads(_token_file(cache_dir).read_text())["stored_at"]
    _sent(cloud)
    time.sleep(0.01)
    cloud.mocker.get(FLAVORS, [{"status_code": 401}, {"json": {"flavors": []}}])
    assert _first_call() == []
    # keystoneauth1 authenticated again and retried once; the new token is stored.
    assert _sent(cloud) == [f"GET {FLAVORS}", f"POST {TOKENS}", f"GET {FLAVORS}"]
    assert json.loads(_token_file(cache_dir).read_text())["stored_at"] > before


def test_401_after_reauthentication_removes_the_token(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    cloud.mocker.get(FLAVORS, status_code=401)
    with pytest.raises(exceptions.UnauthorizedException):
        _first_call()
    assert not list(cache_dir.glob("token-*"))


def test_refused_credentials_leave_no_token(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    _token_file(cache_dir).unlink()
    cloud.mocker.post(TOKENS, status_code=401, json={"error": {"message": "bad password"}})
    with pytest.raises(exceptions.SDKException):
        _first_call()
    assert not list(cache_dir.glob("token-*"))


def test_404_from_a_cached_endpoint_rereads_its_document_once(
    cloud: FakeCloud, cache_dir: Path
) -> None:
    _first_call()
    conn = openstack_core.connect(cloud="fake")
    list(conn.compute.flavors())
    _sent(cloud)
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("missing")
    # The document is read again, found unchanged, and not asked for again.
    assert _sent(cloud) == [f"GET {SERVER}", f"GET {COMPUTE}"]
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("missing")
    assert _sent(cloud) == [f"GET {SERVER}"]
    assert _discovery_file(cache_dir, COMPUTE).exists()


def test_404_with_a_changed_document_replaces_it(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.100"))
    conn = openstack_core.connect(cloud="fake")
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("missing")
    stored = json.loads(_discovery_file(cache_dir, COMPUTE).read_text())
    assert stored["versions"][0]["version"] == "2.100"


def test_404_with_the_document_gone_removes_it(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    cloud.mocker.get(COMPUTE, status_code=404)
    conn = openstack_core.connect(cloud="fake")
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("missing")
    assert not _discovery_file(cache_dir, COMPUTE).exists()


def test_404_from_a_freshly_discovered_endpoint_costs_nothing(
    cloud: FakeCloud, cache_dir: Path
) -> None:
    conn = openstack_core.connect(cloud="fake")
    list(conn.compute.flavors())
    _sent(cloud)
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("missing")
    assert _sent(cloud) == [f"GET {SERVER}"]


# -- lifetimes -----------------------------------------------------------------------------


def _age(path: Path, seconds: float) -> None:
    """Make the entry in ``path`` ``seconds`` older."""
    stored = json.loads(path.read_text())
    stored["stored_at"] -= seconds
    path.write_text(json.dumps(stored))


def test_an_old_document_is_read_again(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call(cache={"discovery_ttl": 60})
    _age(_discovery_file(cache_dir, COMPUTE), 61)
    _sent(cloud)
    _first_call(cache={"discovery_ttl": 60})
    assert _sent(cloud) == [f"GET {COMPUTE}", f"GET {FLAVORS}"]


def test_an_old_token_is_not_used(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call(cache={"auth_ttl": 60})
    _age(_token_file(cache_dir), 61)
    _sent(cloud)
    _first_call(cache={"auth_ttl": 60})
    assert _sent(cloud) == [f"POST {TOKENS}", f"GET {FLAVORS}"]


def test_a_token_about_to_expire_is_not_used(cloud: FakeCloud, cache_dir: Path) -> None:
    cloud.token.expires = cloud.token.issued + _seconds(60)
    cloud._register_token()
    _first_call()
    _sent(cloud)
    _first_call()
    assert f"POST {TOKENS}" in _sent(cloud)


def _seconds(count: int) -> Any:
    import datetime

    return datetime.timedelta(seconds=count)


# -- refusing files that are not private -------------------------------------------------


def test_a_world_readable_token_is_ignored(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    _token_file(cache_dir).chmod(0o644)
    _sent(cloud)
    with pytest.warns(UserWarning, match="mode 0644, open to other users"):
        _first_call()
    assert f"POST {TOKENS}" in _sent(cloud)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")
def test_another_users_files_are_ignored(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    for path in cache_dir.iterdir():
        os.chown(path, 4242, -1)
    _sent(cloud)
    with pytest.warns(UserWarning, match="belongs to user id 4242"):
        _first_call()
    assert len(_sent(cloud)) == 4


def test_a_directory_open_to_others_turns_the_caches_off(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    cache_dir.chmod(0o755)
    _sent(cloud)
    with pytest.warns(UserWarning, match="chmod 700"):
        _first_call()
    assert len(_sent(cloud)) == 4


def test_a_symlinked_file_is_not_followed(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    token = _token_file(cache_dir)
    elsewhere = cache_dir.parent / "elsewhere.json"
    token.rename(elsewhere)
    token.symlink_to(elsewhere)
    _sent(cloud)
    with pytest.warns(UserWarning, match="cannot read"):
        _first_call()
    assert f"POST {TOKENS}" in _sent(cloud)


def test_a_linked_directory_is_not_followed(cloud: FakeCloud, cache_dir: Path) -> None:
    _first_call()
    elsewhere = cache_dir.parent / "elsewhere"
    cache_dir.rename(elsewhere)
    cache_dir.symlink_to(elsewhere)
    _sent(cloud)
    with pytest.warns(UserWarning, match=r"\(a link\?\)"):
        _first_call()
    assert len(_sent(cloud)) == 4


# -- the plugin must round-trip its state --------------------------------------------------


def test_a_plugin_without_the_auth_state_api_is_not_cached(tmp_path: Path) -> None:
    from keystoneauth1 import plugin

    class Opaque(plugin.BaseAuthPlugin):
        auth_ref = object()

    directory = _cache.CacheDirectory(str(tmp_path / "c"))
    tokens = _cache.TokenCache(directory, "k", None)
    tokens.store_if_new(Opaque())
    assert not tokens.restore(Opaque())
    assert list((tmp_path / "c").iterdir()) == []


# -- configuration -------------------------------------------------------------------------


def test_settings(cache_dir: Path) -> None:
    from openstack_core._config import build_config

    config = build_config("fake")
    assert config.cache == _cache.CacheSettings(auth=True, discovery=True)
    config = build_config("fake", cache={"discovery": "off", "auth_ttl": 600})
    assert config.cache == _cache.CacheSettings(auth=True, discovery=False, auth_ttl=600.0)
    # openstacksdk's own keys of the section are accepted and ignored.
    config = build_config("fake", cache={"expiration_time": 3600, "class": "dogpile.cache.memory"})
    assert config.cache.enabled
    assert build_config(load_files=False, auth={"auth_url": AUTH_URL}).cache is None


@pytest.mark.parametrize(
    ("cache", "says"),
    [
        ({"auth": "maybe"}, "auth: expected true or false"),
        ({"discovery_ttl": -1}, "discovery_ttl: expected a number of seconds"),
        ({"disco": True}, "unknown keys disco"),
        (True, "expected a mapping of cache settings"),
    ],
)
def test_bad_settings_are_named(cache_dir: Path, cache: Any, says: str) -> None:
    from openstack_core._config import build_config

    with pytest.raises(exceptions.ConfigException, match=says):
        build_config("fake", cache=cache)


def test_a_bad_top_level_section_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openstack_core._config import build_config

    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(CLOUDS.replace("  auth: true", "  auth: sometimes"))
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    with pytest.raises(exceptions.ConfigException) as err:
        build_config("fake")
    assert str(err.value).startswith(f"{clouds}: cloud 'fake': cache: auth:")
