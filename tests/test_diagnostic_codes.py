"""The diagnostic catalog: every code used in checker/ is catalogued once, documented in the rule
guide, and listed by `rules codes`."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from checker.dsl.codes import CATALOG

ROOT = Path(__file__).resolve().parents[1]


def test_codes_and_symbols_are_unique():
    assert len({c.code for c in CATALOG}) == len(CATALOG)
    assert len({c.symbol for c in CATALOG}) == len(CATALOG)


def test_every_symbol_used_in_the_code_is_catalogued_and_no_bare_code_is_written():
    symbols = {c.symbol for c in CATALOG}
    used, bare = set(), []
    for path in (ROOT / "checker").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bcode\("([a-z-]+)"\)', text))
        if path.name != "codes.py":
            bare += [f"{path.name}: {m}" for m in re.findall(r'"[EW]\d{3}"', text)]
    assert used <= symbols, used - symbols
    assert not bare, bare


def test_the_rule_guide_lists_every_code():
    guide = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{c.code}`" in guide and f"`{c.symbol}`" in guide for c in CATALOG)


def test_rules_codes_prints_the_catalog():
    out = subprocess.run([sys.executable, "-m", "checker", "rules", "codes"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert all(c.code in out for c in CATALOG)
