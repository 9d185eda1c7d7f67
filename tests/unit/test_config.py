"""clouds.yaml, secure.yaml and OS_* resolution, with temporary files and environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from openstack_core import exceptions
from openstack_core._config import build_auth, build_config

CLOUDS = """\
clouds:
  mycloud:
    region_name: RegionTwo
    interface: internal
    auth:
      auth_url: https://identity.example.com/v3
      username: alice
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    compute_api_version: "2.1"
    volume_endpoint_override: https://volume.example.com/v3/%(project_id)s
    api_timeout: 30
  other:
    auth_type: token
    auth:
      auth_url: https://identity.example.com/v3
      token: tok
"""

SECURE = """\
clouds:
  mycloud:
    auth:
      password: s3cret
"""


@pytest.fixture
def clouds_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "clouds.yaml"
    path.write_text(CLOUDS)
    secure = tmp_path / "secure.yaml"
    secure.write_text(SECURE)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    monkeypatch.setenv("OS_CLIENT_SECURE_FILE", str(secure))
    return path


def test_named_cloud_with_secure_merged(clouds_file: Path) -> None:
    config = build_config("mycloud")
    assert config.region_name == "RegionTwo" and config.interface == "internal"
    assert config.auth["password"] == "s3cret" and config.auth["username"] == "alice"
    assert config.auth_type == "password"
    assert config.api_timeout == 30.0
    assert config.files == [str(clouds_file), str(clouds_file.parent / "secure.yaml")]


def test_repr_never_shows_credentials(clouds_file: Path) -> None:
    text = repr(build_config("mycloud"))
    assert "s3cret" not in text and "mycloud" in text


def test_os_cloud_selects(clouds_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OS_CLOUD", "other")
    config = build_config()
    assert config.name == "other" and config.auth_type == "token"


def test_keyword_arguments_override_file(clouds_file: Path) -> None:
    config = build_config("mycloud", region_name="RegionThree", auth={"username": "bob"})
    assert config.region_name == "RegionThree"
    assert config.auth["username"] == "bob" and config.auth["password"] == "s3cret"


def test_service_keys_by_official_type_or_alias(clouds_file: Path) -> None:
    config = build_config("mycloud")
    assert config.service_option(["compute"], "api_version") == "2.1"
    names = ["block-storage", "volumev3", "volumev2", "volume", "block-store"]
    assert config.service_option(names, "endpoint_override").startswith("https://volume")


@pytest.mark.usefixtures("config_search_path")
def test_search_order_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clouds.yml").write_text(CLOUDS)
    home_dir = Path.home() / ".config" / "openstack"
    home_dir.mkdir(parents=True)
    (home_dir / "clouds.yaml").write_text("clouds: {}\n")
    assert build_config("mycloud").files == [str(tmp_path / "clouds.yml")]


@pytest.mark.usefixtures("config_search_path")
def test_user_config_directory_and_json(monkeypatch: pytest.MonkeyPatch) -> None:
    home_dir = Path.home() / ".config" / "openstack"
    home_dir.mkdir(parents=True)
    (home_dir / "clouds.json").write_text(
        '{"clouds": {"j": {"auth": {"auth_url": "https://k/v3", "token": "t"}}}}'
    )
    config = build_config("j")
    assert config.auth_type == "token" and config.files == [str(home_dir / "clouds.json")]


def test_invalid_yaml_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "clouds.yaml"
    path.write_text("clouds:\n  a:\n    auth: {\n    region_name: [x\n")
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    with pytest.raises(exceptions.ConfigException) as err:
        build_config("a")
    assert err.value.file == str(path) and err.value.line is not None
    assert str(err.value).startswith(f"{path}:{err.value.line}: invalid YAML")


def test_yaml_is_loaded_safely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "clouds.yaml"
    path.write_text("clouds: !!python/object/apply:os.system ['echo hacked']\n")
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    with pytest.raises(exceptions.ConfigException, match="invalid YAML"):
        build_config("a")


def test_unknown_cloud_lists_clouds_and_files(clouds_file: Path) -> None:
    with pytest.raises(exceptions.ConfigException) as err:
        build_config("nope")
    text = str(err.value)
    assert "cloud 'nope' is not defined" in text
    assert "Clouds found: mycloud, other" in text and str(clouds_file) in text


@pytest.mark.usefixtures("config_search_path")
def test_unknown_cloud_without_any_file() -> None:
    with pytest.raises(exceptions.ConfigException, match=r"no clouds\.yaml found"):
        build_config("nope")


def test_missing_config_file_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(tmp_path / "missing.yaml"))
    with pytest.raises(exceptions.ConfigException, match="OS_CLIENT_CONFIG_FILE points at"):
        build_config("x")


def test_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {
        "OS_AUTH_URL": "https://identity.example.com/v3",
        "OS_USERNAME": "alice",
        "OS_PASSWORD": "pw",
        "OS_TENANT_NAME": "demo",
        "OS_USER_DOMAIN_NAME": "Default",
        "OS_REGION_NAME": "R1",
        "OS_INTERFACE": "admin",
        "OS_COMPUTE_API_VERSION": "2",
        "OS_INSECURE": "true",
    }.items():
        monkeypatch.setenv(key, value)
    config = build_config()
    assert config.name == "envvars"
    assert config.auth["project_name"] == "demo" and config.auth["username"] == "alice"
    assert config.region_name == "R1" and config.interface == "admin"
    assert config.service_option(["compute"], "api_version") == "2"
    assert config.verify is False


def test_cacert_and_client_certificate() -> None:
    config = build_config(
        load_files=False, auth_url="https://k/v3", token="t", cacert="/ca.pem", cert="c", key="k"
    )
    assert config.verify == "/ca.pem" and config.cert == ("c", "k")
    assert build_config(load_files=False, auth_url="https://k/v3", token="t").verify is True


def test_missing_auth_options_named_with_auth_type(clouds_file: Path) -> None:
    config = build_config("mycloud")
    del config.auth["auth_url"]
    with pytest.raises(exceptions.ConfigException) as err:
        build_auth(config)
    text = str(err.value)
    assert text.startswith(f"{clouds_file}: cloud 'mycloud': auth_type 'password' needs auth_url")
    assert "s3cret" not in text


def test_unknown_auth_option(clouds_file: Path) -> None:
    config = build_config("other", auth={"username": "x"})
    with pytest.raises(exceptions.ConfigException, match="username are not options of auth_type"):
        build_auth(config)


def test_unknown_auth_type() -> None:
    with pytest.raises(exceptions.ConfigException, match="unknown auth_type 'nope'"):
        build_config(load_files=False, auth_type="nope")


def test_application_credential_auth_type() -> None:
    config = build_config(
        load_files=False,
        auth_url="https://k/v3",
        application_credential_id="id",
        application_credential_secret="sec",
    )
    assert config.auth_type == "v3applicationcredential"
    assert type(build_auth(config)).__name__ == "ApplicationCredential"
