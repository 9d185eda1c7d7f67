"""The plugin checker's reading of source files: what ``import`` cannot show.

The definition-time verification (:mod:`openstack_core._enforcement`) sees classes. This
module reads each module of a plugin with :mod:`ast` and finds, with file and line:

* imports of openstack-core's private modules (``openstack_core._x``) and of private
  names from its public ones (``from openstack_core.resource import _x``);
* attribute access to private names of openstack-core modules (``resource._x``),
  anywhere in the module, class bodies and module-level code included;
* for plugins written for plugin API 2 or later, uses of the 1.x aliases that have a
  public replacement (``_url``, ``_translate``, ``_microversion_for``).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

from openstack_core import plugin_api

__all__ = ["Finding", "scan_module"]

_CORE = "openstack_core"


class Finding(NamedTuple):
    """One place in a source file, the rule it breaks and what to do instead."""

    where: str  # "<file>:<line>"
    rule: str
    message: str


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _deprecated() -> dict[str, str]:
    return {m.name: m.instead for m in plugin_api.MEMBERS if m.kind == plugin_api.DEPRECATED}


def scan_module(path: Path, *, strict: bool) -> list[Finding]:
    """Findings in the Python file ``path``; ``strict`` adds deprecated 1.x aliases (a
    plugin that declares plugin API 2 or later)."""
    try:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, filename=str(path))
    except (OSError, SyntaxError, ValueError) as exc:
        return [Finding(str(path), "import", f"cannot be read: {exc}")]
    findings: list[Finding] = []
    core_modules: set[str] = set()  # local names bound to openstack_core modules
    deprecated = _deprecated() if strict else {}

    def add(node: ast.AST, rule: str, message: str) -> None:
        findings.append(Finding(f"{path}:{getattr(node, 'lineno', 0)}", rule, message))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] != _CORE:
                    continue
                if any(_private(p) for p in parts[1:]):
                    add(
                        node, "private", f"imports {alias.name}, a private module of openstack-core"
                    )
                elif alias.asname:
                    core_modules.add(alias.asname)
                elif len(parts) == 1:
                    core_modules.add(_CORE)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != _CORE:
                continue
            if any(_private(p) for p in parts[1:]):
                add(
                    node,
                    "private",
                    f"imports from {node.module}, a private module of openstack-core",
                )
                continue
            for alias in node.names:
                if _private(alias.name):
                    add(
                        node,
                        "private",
                        f"imports {alias.name} from {node.module}: a private name of "
                        "openstack-core",
                    )
                elif len(parts) == 1:
                    core_modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        value = node.value
        if isinstance(value, ast.Name) and value.id in core_modules and _private(node.attr):
            add(
                node,
                "private",
                f"uses {value.id}.{node.attr}, a private name of openstack-core; use only "
                "the plugin API (openstack_core.plugin_api)",
            )
        elif node.attr in deprecated:
            add(
                node,
                "deprecated",
                f"uses {node.attr}, a plugin API 1.x name; use {deprecated[node.attr]}() "
                "(the plugin declares plugin API 2 or later)",
            )
    return findings
