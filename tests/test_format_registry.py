"""Report formats come from one registry: --format's choices, the renderer and the saved
copy's suffix are all read from the format's own module."""
from __future__ import annotations

from pathlib import Path

from checker.report.emit import renderer
from checker.report.formats import FORMATS
from checker.report.options import FORMATS as CHOICES

ROOT = Path(__file__).resolve().parents[1]


def test_choices_are_the_registry_with_table_first():
    assert CHOICES == tuple(FORMATS) and CHOICES[0] == "table"
    assert set(CHOICES) == {"table", "markdown", "csv", "json", "html", "sarif", "junit"}


def test_every_format_module_declares_what_it_is():
    for name, module in FORMATS.items():
        assert module.NAME == name and module.EXTENSION and renderer(name) is module.render


def test_no_format_module_shadows_a_standard_module():
    names = {p.stem for p in (ROOT / "checker" / "report").rglob("*.py")}
    assert not names & {"json", "csv", "io", "xml"}
