"""clouds.yaml, secure.yaml and OS_* resolution, with temporary files and environment."""

from __future__ import annotations

from pathlib import Path

import os_service_types
import pytest

import openstack_core
from openstack_core import exceptions
from openstack_core._config import build_config
from openstack_core._config_auth import build_auth

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
    names = ["block-storage", *os_service_types.ServiceTypes().get_aliases("block-storage")]
    assert config.service_option(names, "endpoint_override").startswith("https://volume")
    key, _ = config.find_service_option(names, "endpoint_override")
    assert key == "volume_endpoint_override"  # as written in the file
    assert config.origin(key) == f"set in {clouds_file}"


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


def _write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "clouds.yaml"
    path.write_text(text)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    return path


def _cloud(body: str) -> str:
    return (
        "clouds:\n  c:\n    auth:\n      auth_url: https://k.example.com/v3\n      token: t\n"
        + "".join(f"    {line}\n" for line in body.splitlines())
    )


REGIONS = """\
regions:
  - name: RegionOne
  - name: RegionTwo
    values:
      compute_endpoint_override: https://compute.two.example.com/v2.1
      interface: internal
  - RegionThree
"""


def test_first_region_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, monkeypatch, _cloud(REGIONS))
    config = build_config("c")
    assert config.region_name == "RegionOne"
    assert config.regions == ["RegionOne", "RegionTwo", "RegionThree"]
    assert config.interface == "public" and "compute_endpoint_override" not in config.options


def test_region_values_are_merged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, _cloud(REGIONS))
    config = build_config("c", region_name="RegionTwo")
    assert config.region_name == "RegionTwo" and config.interface == "internal"
    override = config.service_option(["compute"], "endpoint_override")
    assert override == "https://compute.two.example.com/v2.1"
    assert config.origin("compute_endpoint_override") == f"set in {path}"
    # Arguments still win over the region's values.
    assert build_config("c", region_name="RegionTwo", interface="admin").interface == "admin"
    assert build_config("c", region_name="RegionThree").region_name == "RegionThree"


def test_region_not_in_the_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, _cloud(REGIONS))
    with pytest.raises(exceptions.ConfigException) as err:
        build_config("c", region_name="RegionNine")
    assert str(err.value) == (
        "cloud 'c': argument region_name: 'RegionNine' is not one of the cloud's regions: "
        "RegionOne, RegionTwo, RegionThree"
    )
    _write(tmp_path, monkeypatch, _cloud("region_name: RegionNine\n" + REGIONS))
    with pytest.raises(exceptions.ConfigException) as err:
        build_config("c")
    assert err.value.file == str(path) and "'RegionNine' is not one of" in str(err.value)


@pytest.mark.parametrize(
    "regions",
    ["regions: 3", "regions:\n  - values: {}", "regions:\n  - name: R\n    values: [1]"],
)
def test_malformed_regions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, regions: str) -> None:
    path = _write(tmp_path, monkeypatch, _cloud(regions))
    with pytest.raises(exceptions.ConfigException, match="cloud 'c': regions: ") as err:
        build_config("c")
    assert err.value.file == str(path)


def test_comma_separated_region_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, monkeypatch, _cloud("region_name: R1, R2"))
    config = build_config("c")
    assert config.region_name == "R1" and config.regions == ["R1", "R2"]
    assert build_config("c", region_name="R2").region_name == "R2"
    with pytest.raises(exceptions.ConfigException, match="not one of the cloud's regions"):
        build_config("c", region_name="R3")


def test_comma_separated_region_name_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OS_AUTH_URL", "https://k.example.com/v3")
    monkeypatch.setenv("OS_TOKEN", "t")
    monkeypatch.setenv("OS_REGION_NAME", "R1,R2")
    config = build_config()
    assert config.region_name == "R1" and config.regions == ["R1", "R2"]
    with pytest.raises(exceptions.ConfigException) as err:
        build_config(region_name="R3")
    assert "'R3' is not one of the cloud's regions: R1, R2" in str(err.value)


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


def _pem(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_text("-----BEGIN CERTIFICATE-----\n")
    return path


def _args(**kwargs: object) -> dict[str, object]:
    return {"load_files": False, "auth_url": "https://k/v3", "token": "t", **kwargs}


def test_cacert_and_client_certificate(tmp_path: Path) -> None:
    ca, cert, key = (_pem(tmp_path, n) for n in ("ca.pem", "client.pem", "client.key"))
    config = build_config(**_args(cacert=str(ca), cert=str(cert), key=str(key)))
    assert config.verify == str(ca) and config.cert == (str(cert), str(key))
    assert build_config(**_args(cert=str(cert))).cert == str(cert)  # cert and key in one file
    assert build_config(**_args()).verify is True


def test_paths_get_the_home_directory_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Path.home()
    for name in ("ca.pem", "client.pem", "client.key"):
        _pem(home, name)
    _write(
        tmp_path,
        monkeypatch,
        _cloud("cacert: ~/ca.pem\ncert: ~/client.pem\nkey: ~/client.key"),
    )
    config = build_config("c")
    assert config.verify == str(home / "ca.pem")
    assert config.cert == (str(home / "client.pem"), str(home / "client.key"))
    assert build_config(**_args(verify="~/ca.pem")).verify == str(home / "ca.pem")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("false", False),
        ("False", False),
        ("no", False),
        ("0", False),
        ("off", False),
        ("true", True),
        ("YES", True),
        ("1", True),
        ("on", True),
        (0, False),
        (1, True),
    ],
)
def test_verify_booleans(value: object, expected: bool) -> None:
    assert build_config(**_args(verify=value)).verify is expected


def test_verify_path_is_a_ca_bundle(tmp_path: Path) -> None:
    ca = _pem(tmp_path, "ca.pem")
    assert build_config(**_args(verify=str(ca))).verify == str(ca)
    assert build_config(**_args(verify=str(tmp_path))).verify == str(tmp_path)  # a CA dir


def test_verify_typo_is_an_error_not_insecure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, monkeypatch, _cloud('verify: "ture"'))
    with pytest.raises(exceptions.ConfigException) as err:
        build_config("c")
    assert err.value.file == str(path)
    assert str(err.value) == (
        f"{path}: cloud 'c': verify: the CA bundle ture does not exist; verify is true, "
        "false or the path of a CA bundle"
    )


@pytest.mark.parametrize(
    ("key", "what"),
    [("cacert", "the CA bundle"), ("cert", "the client certificate"), ("key", "the client key")],
)
def test_missing_tls_file_names_key_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, what: str
) -> None:
    cert = _pem(tmp_path, "client.pem")
    extra = f"\ncert: {cert}" if key == "key" else ""
    path = _write(tmp_path, monkeypatch, _cloud(f"{key}: ~/missing.pem{extra}"))
    with pytest.raises(exceptions.ConfigException) as err:
        build_config("c")
    missing = Path.home() / "missing.pem"
    assert str(err.value) == (
        f"{path}: cloud 'c': {key}: {what} ~/missing.pem ({missing}) does not exist"
    )


def test_missing_tls_file_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OS_AUTH_URL", "https://k.example.com/v3")
    monkeypatch.setenv("OS_TOKEN", "t")
    monkeypatch.setenv("OS_CACERT", "/nonexistent/ca.pem")
    with pytest.raises(exceptions.ConfigException) as err:
        build_config()
    assert str(err.value) == (
        "the OS_* variables (no cloud named): OS_CACERT (cacert): the CA bundle "
        "/nonexistent/ca.pem does not exist"
    )


def test_key_without_cert(tmp_path: Path) -> None:
    key = _pem(tmp_path, "client.key")
    with pytest.raises(exceptions.ConfigException, match="argument key: a client key is set"):
        build_config(**_args(key=str(key)))


def test_insecure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, _cloud("insecure: true"))
    assert build_config("c").verify is False
    assert build_config("c", verify=True).verify is True  # arguments win over the file
    assert build_config("c", insecure=False).verify is True
    _write(tmp_path, monkeypatch, _cloud("insecure: true\nverify: true"))
    with pytest.raises(exceptions.ConfigException, match="they contradict") as err:
        build_config("c")
    assert err.value.file == str(path)
    _write(tmp_path, monkeypatch, _cloud("insecure: maybe"))
    with pytest.raises(exceptions.ConfigException, match="insecure: expected true or false"):
        build_config("c")


def test_cacert_with_verify_off_warns(tmp_path: Path) -> None:
    ca = _pem(tmp_path, "ca.pem")
    with pytest.warns(UserWarning, match="cacert .* is ignored because verify is false"):
        config = build_config(**_args(verify=False, cacert=str(ca)))
    assert config.verify is False


@pytest.mark.parametrize("value", ["soon", "-1", "0", "[30]"])
def test_api_timeout_must_be_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    path = _write(tmp_path, monkeypatch, _cloud(f"api_timeout: {value}"))
    with pytest.raises(exceptions.ConfigException) as err:
        build_config("c")
    assert str(err.value).startswith(
        f"{path}: cloud 'c': api_timeout: expected a number of seconds, got "
    )


@pytest.mark.parametrize("entry", ["[a, b]", "just-a-string"])
def test_cloud_entry_must_be_a_mapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str
) -> None:
    path = _write(tmp_path, monkeypatch, f"clouds:\n  c: {entry}\n")
    with pytest.raises(exceptions.ConfigException, match="cloud 'c' must be a mapping") as err:
        build_config("c")
    assert err.value.file == str(path)


def test_auth_must_be_a_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, monkeypatch, "clouds:\n  c:\n    auth: https://k.example.com/v3\n")
    with pytest.raises(exceptions.ConfigException, match="auth: expected a mapping"):
        build_config("c")


def test_vendor_profile_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, "clouds:\n  c:\n    profile: vexxhost\n")
    with pytest.raises(exceptions.ConfigException) as err:
        build_config("c")
    text = str(err.value)
    assert text.startswith(f"{path}: cloud 'c': profile: vendor profiles")
    assert "not supported" in text and "auth_url" in text


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
    # Reading the configuration does not load the auth plugin: building it names the
    # mistake, before anything is sent.
    config = build_config(load_files=False, auth_type="nope", auth={"auth_url": "https://k"})
    with pytest.raises(exceptions.ConfigException, match="unknown auth_type 'nope'"):
        build_auth(config)


def test_unknown_auth_type_at_first_request() -> None:
    conn = openstack_core.connect(
        load_yaml_config=False, auth_type="nope", auth={"auth_url": "https://k"}
    )
    with pytest.raises(exceptions.ConfigException, match="unknown auth_type 'nope'"):
        conn.authorize()


def test_top_level_auth_option_still_moves_under_auth() -> None:
    # A top-level key that is no core setting makes the loader say whether it is an
    # auth option.
    config = build_config(load_files=False, auth_url="https://k/v3", username="alice")
    assert config.auth == {"auth_url": "https://k/v3", "username": "alice"}
    config = build_config(load_files=False, auth_url="https://k/v3", compute_api_version="2")
    assert config.options == {"compute_api_version": "2"}


def test_application_credential_auth_type() -> None:
    config = build_config(
        load_files=False,
        auth_url="https://k/v3",
        application_credential_id="id",
        application_credential_secret="sec",
    )
    assert config.auth_type == "v3applicationcredential"
    assert type(build_auth(config)).__name__ == "ApplicationCredential"


def test_auth_plugin_missing_an_argument_it_calls_optional() -> None:
    config = build_config(load_files=False, auth_type="v3token", auth_url="https://k/v3")
    with pytest.raises(exceptions.ConfigException) as err:
        build_auth(config)
    text = str(err.value)
    assert text.startswith(
        "no cloud named (no OS_CLOUD, no OS_* variables): auth_type 'v3token' cannot be "
        "built from the options"
    )
    assert "'token'" in text
