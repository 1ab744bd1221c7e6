"""Property 2: a document's verdicts depend on what it says, not on how the text is laid out.

Checked with the small fixed rule set (sentences written for it) and with the shipped
rules (clause bodies taken from the corpus MOUs).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.dsl.errors import RuleSetError
from checker.extract import load_document

from . import documents as D
from . import support

SHIPPED_TYPE = "mhp"


def _shipped():
    try:
        return support.rules(str(support.HERE.parents[1] / "rules"))
    except RuleSetError as exc:
        pytest.fail(f"shipped rules do not load: {exc}")


RULE_SETS = {"small": (support.small_rules, D.small_bodies()), "shipped": (_shipped, D.corpus_bodies())}


def _verdicts(which: str, text: str) -> dict[str, str]:
    rs = RULE_SETS[which][0]()
    return support.verdicts(rs, D.document(text), mou_type="mhp")


def _baseline(which: str, bodies: list[str]) -> dict[str, str]:
    return _verdicts(which, D.render(D.clause_lines(bodies)))


def bodies_for(which: str):
    return RULE_SETS[which][1]


def check_clause_order_does_not_matter(which: str, data) -> None:
    bodies = data.draw(bodies_for(which))
    shuffled = data.draw(st.permutations(bodies))
    assert _verdicts(which, D.render(D.clause_lines(shuffled))) == _baseline(which, bodies)


def check_line_breaks_and_spaces_do_not_matter(which: str, data) -> None:
    bodies = data.draw(bodies_for(which))
    widths = data.draw(st.lists(st.integers(25, 90), min_size=1, max_size=3))
    spaces = data.draw(st.sampled_from([" ", "  ", " \t "]))
    blanks = data.draw(st.integers(1, 3))
    spaced = [b.replace(" ", spaces) for b in bodies]
    clauses = D.clause_lines(bodies, widths)
    clauses = [[ln.replace(" ", spaces) for ln in c] for c in clauses]
    text = D.render(clauses, blanks)
    assert _verdicts(which, text) == _baseline(which, bodies), text
    assert _verdicts(which, D.render(D.clause_lines(spaced))) == _baseline(which, bodies)


def check_letter_case_does_not_matter(which: str, data) -> None:
    bodies = data.draw(bodies_for(which))
    flips = data.draw(st.lists(st.booleans(), min_size=1, max_size=7))
    recased = [D.recase_words(b, flips) for b in bodies]
    assert _verdicts(which, D.render(D.clause_lines(recased))) == _baseline(which, bodies)
    upper = [b.upper() for b in bodies]
    assert _verdicts(which, D.render(D.clause_lines(upper))) == _baseline(which, bodies)


def check_hyphenation_at_line_ends_does_not_matter(which: str, data) -> None:
    bodies = data.draw(bodies_for(which))
    widths = data.draw(st.lists(st.integers(30, 80), min_size=1, max_size=3))
    picks = data.draw(st.lists(st.integers(0, 50), min_size=1, max_size=5))
    clauses = [D.hyphenate(c, picks) for c in D.clause_lines(bodies, widths)]
    text = D.render(clauses)
    assert _verdicts(which, text) == _baseline(which, bodies), text


def check_page_breaks_do_not_matter(which: str, data) -> None:
    bodies = data.draw(bodies_for(which))
    widths = data.draw(st.lists(st.integers(30, 80), min_size=1, max_size=3))
    clauses = D.clause_lines(bodies, widths)
    lines = [(i, j) for i, c in enumerate(clauses) for j in range(len(c))]
    cuts = data.draw(st.sets(st.sampled_from(lines), max_size=3))
    paged = [[("\f" if (i, j) in cuts and (i, j) != (0, 0) else "") + ln for j, ln in enumerate(c)]
             for i, c in enumerate(clauses)]
    text = D.render(paged)
    assert _verdicts(which, text) == _baseline(which, bodies), text


# ---- one test per rule set; the shipped rules are slower, so they get fewer examples ----------------
SHIPPED_EXAMPLES = max(3, settings().max_examples // 8)


def _tests(check):
    """Two named tests (small, shipped) from one check, so a failure names the property."""
    def small(data):
        check("small", data)

    def shipped(data):
        check("shipped", data)

    base = check.__name__.replace("check_", "")
    small.__name__, shipped.__name__ = f"{base}__small", f"{base}__shipped"
    return given(data=st.data())(small), settings(max_examples=SHIPPED_EXAMPLES)(given(data=st.data())(shipped))


test_clause_order_small, test_clause_order_shipped = _tests(check_clause_order_does_not_matter)
test_line_breaks_small, test_line_breaks_shipped = _tests(check_line_breaks_and_spaces_do_not_matter)
test_letter_case_small, test_letter_case_shipped = _tests(check_letter_case_does_not_matter)
test_hyphenation_small, test_hyphenation_shipped = _tests(check_hyphenation_at_line_ends_does_not_matter)
test_page_breaks_small, test_page_breaks_shipped = _tests(check_page_breaks_do_not_matter)


# ---- running headers and footers: through the PDF extractor -------------------------------------
def _pdf_verdicts(bodies: list[str], page_breaks: set[int], header: str | None, footer: str | None,
                  numbers: bool, folder: Path) -> dict[str, str]:
    """Draw the clauses wrapped at 45 characters, starting a new page before the chosen lines."""
    from pdf_factory import PdfBuilder  # tests/ is on sys.path (rootdir conftest)

    builder = PdfBuilder(header=header, footer=footer, page_numbers=numbers)
    builder.page()
    for line in D.PREAMBLE.strip().split("\n"):
        builder.line(line) if line.strip() else builder.line(" ")
    n = 0
    for lines in D.clause_lines(bodies, [45]):
        builder.line(" ")
        for ln in lines:
            if n in page_breaks:
                builder.page()
            builder.line(ln)
            n += 1
    name = f"h{bool(header)}{bool(footer)}{numbers}.pdf"
    document = load_document(builder.save(folder / name))
    return support.verdicts(support.small_rules(), document, mou_type=SHIPPED_TYPE)


@settings(max_examples=max(4, settings().max_examples // 8))
@given(D.small_bodies().filter(lambda b: len(b) >= 2), st.data())
def test_running_headers_and_footers_do_not_matter(bodies: list[str], data) -> None:
    """Page breaks fall inside clauses, so a header left in the text would cut a sentence."""
    n_lines = sum(len(c) for c in D.clause_lines(bodies, [45]))
    # two short clauses can wrap to two lines, leaving one place to break: take what there is
    breaks = data.draw(st.sets(st.integers(1, max(n_lines - 1, 1)), min_size=min(2, max(n_lines - 1, 1)),
                               max_size=3))
    header = data.draw(st.sampled_from(["Memorandum of Understanding - Draft 3", "CONFIDENTIAL", "Plan and Partner"]))
    footer = data.draw(st.sampled_from(["Version 2025-03", "Internal use only", None]))
    with tempfile.TemporaryDirectory() as tmp:
        plain = _pdf_verdicts(bodies, breaks, None, None, False, Path(tmp))
        decorated = _pdf_verdicts(bodies, breaks, header, footer, data.draw(st.booleans()), Path(tmp))
    assert decorated == plain
