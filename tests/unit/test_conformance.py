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
        (f"{base}.Widget.resources_key", "keys"),
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
    assert "osc_testplugins.badstyle: 13 violation(s)" in out  # two bad path segments
    assert main(["check-plugin", "no_such_plugin_anywhere"]) == 1
