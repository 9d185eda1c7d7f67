"""The fenced code blocks of README.md and docs/*.md and how each is checked.

Standard library only: the packaging test (which has no openstack-core installed in its
own environment) reads the blocks too. ``tests/unit/test_docs_blocks.py`` explains the
markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(
    r"(?:<!-- (?P<marker>(?:check|docs-test): [^>]*?) -->\n)?"
    r"^```(?P<lang>[\w.-]*)\n(?P<code>.*?)^```",
    re.DOTALL | re.MULTILINE,
)
KINDS = (
    "run fake-cloud",
    "run",
    "pytest",
    "clouds.yaml",
    "toml",
    "console",
    "ci",
    "packaging",
    "covered-by",
    "docs-test",
    "quickstart",
    "quickstart-output",
    "observability",
    "local-cloud",
)


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    marker: str
    lang: str
    code: str

    @property
    def kind(self) -> str:
        if self.marker.startswith("docs-test:"):
            return "docs-test"
        body = self.marker.removeprefix("check:").strip()
        return "covered-by" if body.startswith("covered-by ") else body

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks() -> list[Block]:
    found = []
    for path in DOCUMENTS:
        text = path.read_text()
        for match in FENCE.finditer(text):
            found.append(
                Block(
                    path,
                    text.count("\n", 0, match.start("code")),
                    match.group("marker") or "",
                    match.group("lang"),
                    match.group("code"),
                )
            )
    return found
