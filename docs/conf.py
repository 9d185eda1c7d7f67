"""Sphinx configuration: the API reference from the docstrings, and the guides.

Built by ``tox -e docs`` (``sphinx-build -W --keep-going``: every warning fails the
build). The Markdown pages are read with MyST; the docstrings are reStructuredText.
"""

from __future__ import annotations

import re
from typing import Any

import openstack_core

project = "openstack-core"
author = "The openstack-core developers"
copyright = "the openstack-core developers, Apache-2.0"
release = openstack_core.__version__
version = release

extensions = ["sphinx.ext.autodoc", "sphinx.ext.viewcode", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]

autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
# Annotations name keystoneauth1, requests and typing internals that these pages do
# not document; a reference that cannot be resolved is left as text.
nitpicky = False

myst_heading_anchors = 3
html_theme = "alabaster"
html_title = f"openstack-core {release}"


def _files_outside_the_site(app: object, docname: str, source: list[str]) -> None:
    """``[x](../plugins/_template/README.md)``: a Markdown file of the repository that is
    no page of this site. GitHub shows such links as they are; here MyST would look for
    a page, so they become links to the file itself (``path:``), as other files are."""
    source[0] = re.sub(r"\]\((\.\./[^)#]+\.md)\)", r"](path:\1)", source[0])


def setup(app: Any) -> None:
    app.connect("source-read", _files_outside_the_site)
