"""The conformance checker passes good plugins and names every rule a bad one breaks."""

from __future__ import annotations

import pytest

from openstack_core import exceptions, plugins
from openstack_core._cli import main


def test_good_plugin_module_conforms() -> None:
    assert plugins.check_plugin("osc_testplugins.good") == []


def test_every_rule_on_a_bad_plugin() -> None:
    found = {(v.where, v.rule) for v in plugins.check_plugin("osc_testplugins.badstyle")}
    base = "osc_testplugins.badstyle"
    assert found == {
        (f"{base}.BadProxy", "entry-point"),
        (f"{base}.BadProxy.getWidget", "snake-case"),
        (f"{base}.BadProxy.find_gadget", "naming"),
        (f"{base}.BadProxy.gadgets", "documented"),
        (f"{base}.Widget", "documented"),
        (f"{base}.Widget.serverName", "snake-case"),
        (f"{base}.Widget.base_path", "path-segment"),
        (f"{base}.Widget.resource_key", "keys"),
        (f"{base}.Widget.parent", "uri"),
        (f"{base}.Gadget.resources_key", "keys"),
        (f"{base}.Gadget._max_microversion", "microversion"),
    }


def test_violation_text_names_class_attribute_and_fix() -> None:
    text = [str(v) for v in plugins.check_plugin("osc_testplugins.badstyle")]
    assert any(
        t.startswith("osc_testplugins.badstyle.Widget.serverName: [snake-case]")
        and "server_name" in t
        for t in text
    )


def test_distribution_reports_contract_and_import_problems() -> None:
    found = {(v.where, v.rule) for v in plugins.check_plugin("osc-test-goodplugins")}
    assert ("placement.v1 = osc_testplugins.unimportable:Proxy", "import") in found
    assert ("osc_testplugins.broken_contract.Proxy", "contract") in found


def test_entry_point_name_checks_that_proxy_and_its_package() -> None:
    found = plugins.check_plugin("acme-widgets.v1")
    # The whole package is scanned, so the deliberately bad neighbours are reported...
    assert {"osc_testplugins.unimportable", "osc_testplugins.badstyle.Widget"} <= {
        v.where for v in found
    }
    # ...but the Proxy the entry point names keeps every rule.
    assert not [v for v in found if v.where.startswith("osc_testplugins.good.WidgetProxy")]


def test_unknown_name() -> None:
    with pytest.raises(exceptions.PluginLoadError, match="Installed plugin distributions:"):
        plugins.check_plugin("no_such_plugin_anywhere")


def test_command_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-plugin", "osc_testplugins.good"]) == 0
    assert main(["check-plugin", "osc_testplugins.good", "osc_testplugins.badstyle"]) == 1
    out = capsys.readouterr().out
    assert "osc_testplugins.good: 0 violation(s)" in out
    assert "osc_testplugins.badstyle: 12 violation(s)" in out  # two bad path segments
    assert main(["check-plugin", "no_such_plugin_anywhere"]) == 1


# -- the rules proven on osc-test-badplugins (tests/plugin_dists/badplugins) -----------


def test_module_mode_checks_plugin_proxies_not_their_mixins() -> None:
    # openstack_compute's Proxy combines four Proxy mixins; they are no plugins.
    assert plugins.check_plugin("openstack_compute") == []
    found = {(v.where, v.rule) for v in plugins.check_plugin("osc_testbad.documented")}
    mixin = "osc_testbad.documented.RecordMethods"
    assert {rule for where, rule in found if where == mixin} == set()
    assert (f"{mixin}.records", "documented") in found  # its methods are still checked


def test_naming_rule_suggests_the_conventional_name() -> None:
    found = {
        v.where.rsplit(".", 1)[-1]: v.message
        for v in plugins.check_plugin("osc_testbad.names")
        if v.rule == "naming"
    }
    assert {name: msg.split(" call ")[1].split(";")[0] for name, msg in found.items()} == {
        "list_zones": "zones()",
        "zone_get": "get_zone()",
        "show_zone": "get_zone()",
        "add_zone": "create_zone()",
        "remove_zone": "delete_zone()",
        "get_all_recordsets": "recordsets()",
        "recordset_delete": "delete_recordset()",
    }
    # Actions keep openstacksdk's verbs: abandon_zone, add_tag_to_zone,
    # remove_tag_from_zone, add_member(zone), remove_member(member, zone),
    # fetch_zone_metadata, zone_add_tenant_access, wait_for_zone_delete.


def test_documented_rule_covers_properties_classmethods_and_resource_methods() -> None:
    found = {(v.where, v.rule) for v in plugins.check_plugin("osc_testbad.documented")}
    base = "osc_testbad.documented"
    assert found == {
        (f"{base}.DocProxy", "entry-point"),
        (f"{base}.DocProxy.region", "documented"),
        (f"{base}.DocProxy.default_ttl", "documented"),
        (f"{base}.DocProxy.normalize", "documented"),
        (f"{base}.RecordMethods.records", "documented"),
        (f"{base}.Record.reload", "documented"),
        (f"{base}.Record.short", "documented"),
        (f"{base}.Record.from_text", "documented"),
        (f"{base}.TagsMixin.tag", "documented"),  # reported once, where it is defined
    }


def test_declared_microversioned_service_needs_every_maximum() -> None:
    found = plugins.check_plugin("osc_testbad.microversions")
    rules = [(v.where, v.rule) for v in found if v.rule == "microversion"]
    assert rules == [("osc_testbad.microversions.Unversioned._max_microversion", "microversion")]
    assert "MicroProxy declares microversioned = True" in found[-1].message


def test_malformed_entry_point_name_is_reported_as_such() -> None:
    found = plugins.check_plugin("osc-test-badplugins")
    (malformed,) = [v for v in found if v.rule == "entry-point"]
    assert malformed.where == "DNS.v2 = osc_testbad.names:NamingProxy"
    assert "'DNS.v2' is malformed" in malformed.message and '"dns.v2"' in malformed.message
    module_mode = [v for v in plugins.check_plugin("osc_testbad.names") if v.rule == "entry-point"]
    assert [v.where for v in module_mode] == ["osc_testbad.names.NamingProxy"]
    assert "malformed" in module_mode[0].message


def test_unregistered_proxy_message_says_to_install() -> None:
    (violation,) = [
        v for v in plugins.check_plugin("osc_testbad.microversions") if v.rule == "entry-point"
    ]
    assert '"acme-micro.v1" = "osc_testbad.microversions:MicroProxy"' in violation.message
    assert "install the distribution" in violation.message


@pytest.mark.parametrize(
    "name",
    [
        "osc-test-badplugins",
        "osc_testbad.names",
        "osc_testbad.documented",
        "osc_testbad.microversions",
    ],
)
def test_every_bad_plugin_fails_the_command(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-plugin", name]) == 1
    assert f"{name}: 0 violation(s)" not in capsys.readouterr().out


def test_shipped_plugins_pass_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    names = ["openstack-compute", "openstack-image", "openstack-example", "acme-openstack-dns"]
    assert main(["check-plugin", *names]) == 0


# -- the plugin API: overrides, shadows, private uses and imports, with file and line ----


def test_plugin_api_rules_with_file_and_line() -> None:
    found = plugins.check_plugin("osc_testbad.internals")
    by_rule: dict[str, list[str]] = {}
    for violation in found:
        by_rule.setdefault(violation.rule, []).append(str(violation))
    api = " ".join(by_rule["plugin-api"])
    assert "Queue._set_attributes: [plugin-api] overrides Resource._set_attributes" in api
    assert "Queue.shout: [plugin-api] uses '_body'" in api and "set_from_server()" in api
    assert "InternalsProxy._request: [plugin-api] overrides Proxy._request" in api
    assert "InternalsProxy.get_endpoint: [plugin-api] overrides Proxy.get_endpoint, a helper" in api
    assert "resolve_endpoint() hook" in api
    assert "internals.py:" in api  # every place names its file and line
    (private,) = by_rule["private"]
    assert "internals.py:7: [private] imports from openstack_core._fields" in private
    (deprecated,) = by_rule["deprecated"]
    assert "[deprecated] uses _url, a plugin API 1.x name; use resource_path()" in deprecated
    assert len(found) == 6


def test_loading_a_plugin_beyond_the_api_fails_for_its_service_only() -> None:
    import requests_mock

    from openstack_core.testing import FakeCloud

    with requests_mock.Mocker() as mock:
        conn = FakeCloud(mock).connection()
        with pytest.raises(exceptions.PluginLoadError) as err:
            conn.message  # noqa: B018 - the attribute access loads the plugin
        text = str(err.value)
        assert "internals.py:21" in text and "uses '_body'" in text
        assert "distribution osc-test-badplugins 0.0.1" in text
        assert "ask the maintainers of osc-test-badplugins to keep to the plugin API" in text
        assert err.value.__cause__ is not None
        assert conn.block_storage is not None  # other services are unaffected


def test_deprecated_names_are_fine_in_a_1x_plugin() -> None:
    # acme-dns declares 1.1; its source may use 1.x names without a violation.
    assert [v for v in plugins.check_plugin("acme-openstack-dns") if v.rule == "deprecated"] == []


@pytest.mark.parametrize(
    ("base_path", "flagged"),
    [
        ("/OS-FEDERATION/identity_providers/%(idp_id)s/protocols", False),
        ("/OS-EP-FILTER/endpoint_groups", False),
        ("/OS-federation/mappings", True),
        ("/Widgets", True),
        ("/os-FEDERATION", True),
    ],
)
def test_upper_case_extension_segments_are_the_servers_spelling(
    base_path: str, flagged: bool
) -> None:
    from openstack_core import _conformance, resource

    namespace: dict[str, object] = {
        "__doc__": "A resource under an API extension.",
        "base_path": base_path,
        "allow_list": True,
    }
    if "%(idp_id)s" in base_path:
        namespace["idp_id"] = resource.URI("idp_id")
    extension = type("Extension", (resource.Resource,), namespace)
    rules = {v.rule for v in _conformance._check_resource(extension)}
    assert ("path-segment" in rules) is flagged
