"""Wrapped titles (issue 13): wherever a long title is cut, the tree keeps one title per number.

Generated outlines of numbered sections whose capitalised titles wrap onto one to three lines
(a line ends once it holds 18 to 45 characters, as a title that reached its column width does), each
followed by a sentence and sometimes by (a) items. Property: every section keeps its whole
title, every item sits under its section with that title, and no wrapped line becomes a
heading of its own; with the layout facts a PDF gives (same bold size) and without them.
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.extract.segment import Line, segment

WORDS = ["CARE", "COORDINATION", "MEMBERS", "RECORDS", "CONFIDENTIALITY", "SUBSTANCE", "USE",
         "DISORDER", "TREATMENT", "ADDICTION", "SERVICES", "REFERRALS", "QUALITY", "OVERSIGHT",
         "DATA", "EXCHANGE", "BEHAVIORAL", "HEALTH", "PLAN", "COUNTY", "DISPUTE", "RESOLUTION"]
ROMAN = ["I", "II", "III", "IV", "V"]
STYLES = [lambda n: f"{n}.", lambda n: f"{chr(64 + n)}.", lambda n: f"ARTICLE {ROMAN[n - 1]} -",
          lambda n: f"Section {n}.01"]


def _wrap(words: list[str], width: int) -> list[str]:
    """Cut the title as a column `width` characters wide would: a line ends once it is full."""
    lines, cur = [], ""
    for w in words:
        cur = f"{cur} {w}".strip()
        if len(cur) >= width:
            lines.append(cur)
            cur = ""
    return lines + ([cur] if cur else [])


@st.composite
def outlines(draw):
    style = draw(st.sampled_from(range(len(STYLES))))
    n = draw(st.integers(1, 5))
    sections = []
    for i in range(1, n + 1):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10))
        width = draw(st.integers(18, 45))
        items = draw(st.integers(0, 2))
        sections.append((STYLES[style](i), words, width, items))
    layout = draw(st.booleans())
    return sections, layout


@given(outlines())
def test_wrapped_titles_stay_whole(outline):
    sections, layout = outline
    lines: list[Line] = []
    hint = dict(heading=True, size=12.0, bold=True) if layout else {}
    body = dict(size=10.0, bold=False) if layout else {}
    for number, words, width, items in sections:
        parts = _wrap(words, width)
        lines.append(Line(f"{number} {parts[0]}", **hint))
        lines += [Line(p, **hint) for p in parts[1:]]
        lines.append(Line("The parties coordinate the work described in this section.", **body))
        for k in range(items):
            lines += [Line(""), Line(f"({'ab'[k]}) Each party keeps a record of it.", **body)]
        lines.append(Line(""))
    clauses = segment(lines)
    assert not any(c.kind == "heading" and c.section is None for c in clauses)
    numbered = [c for c in clauses if c.section and not c.section.startswith("(")]
    assert len(numbered) == len(sections)
    for c, (_, words, _, items) in zip(numbered, sections):
        assert c.heading == " ".join(words)
    for c in clauses:
        if c.section and c.section.startswith("("):
            parent = next(p for p in numbered if p.section == c.path[-2])
            assert c.heading == parent.heading and c.path[:-1] == parent.path
