"""Term matching, timeframes, frequencies, sentences, MOU classification, file discovery."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.discover import discover
from checker.engine.classify import classify
from checker.extract.text import parse_text
from checker.text.sentences import split_sentences
from checker.text.timeframes import find_durations, find_frequencies
from checker.text.words import Term, TokenizedText


@pytest.mark.parametrize("term,text,hit", [
    ("designate", "Each party designates a liaison", True),
    ("designate", "The designated liaison", True),
    ("designate", "designating", True),
    ("point of contact", "a Point-of-Contact for", True),
    ("point of contact", "a point   of\ncontact", True),
    ("e-mail", "by email", True),
    ("email", "by e-mail", True),
    ("coordinat*", "the Coordinator shall", True),
    ("meeting", "the parties meet", True),
    ("notify", "written notification", False),  # different word, by design: use notif* for both
    ("liaison", "liaisons", True),
    ("referral", "refer", False),
])
def test_term_matching(term: str, text: str, hit: bool) -> None:
    assert bool(Term.parse(term).positions(TokenizedText.of(text))) is hit


@pytest.mark.parametrize("text,days", [
    ("within ten (10) business days", 14.0),
    ("no later than 30 calendar days", 30.0),
    ("within 72 hours", 3.0),
    ("within five working days", 7.0),
    ("within two weeks", 14.0),
    ("within one month", 30.0),
])
def test_durations(text: str, days: float) -> None:
    [d] = find_durations(text)
    assert d.days == pytest.approx(days)


@pytest.mark.parametrize("text,per_year", [
    ("the parties meet quarterly", 4), ("no less than four times per year", 4),
    ("every three months", 4), ("at least once each calendar quarter", 4), ("annually", 1),
    ("twice a year", 2), ("monthly", 12), ("semi-annually", 2), ("every other month", None),
])
def test_frequencies(text: str, per_year: float | None) -> None:
    found = find_frequencies(text)
    if per_year is None:
        assert found == [] or found[0].per_year != 12
    else:
        assert found and found[0].per_year == per_year


def test_sentences_keep_numbers_and_abbreviations_together() -> None:
    text = "See Sec. 5 of the MOU. The parties, e.g. the MCP, meet. Done."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "See Sec. 5 of the MOU.", "The parties, e.g. the MCP, meet.", "Done."]


def test_classification_of_type_county_and_date() -> None:
    from checker.engine.ruleset import load_ruleset
    from checker.facts.data import counties

    rs = load_ruleset(Path(__file__).parent / "fixtures" / "rules_small")
    doc = parse_text("MEMORANDUM OF UNDERSTANDING\nbetween Health Net and the County of Tulare\n"
                     "Women, Infants, and Children Program\n\n1. This MOU was executed on June 3, 2025.\n", "d")
    c = classify(doc, rs.mou_types, counties())
    assert (c.mou_type, c.county, c.executed) == ("wic", "Tulare", dt.date(2025, 6, 3))
    assert "women, infants, and children" in c.reason.lower()
    plain = classify(parse_text("AGREEMENT\n\n1. The parties agree.\n", "p"), rs.mou_types, counties())
    assert plain.mou_type is None and "base rules" in plain.reason


def test_discover_respects_checkignore(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "b.txt").write_text("x")
    (tmp_path / "r.expected.yaml").write_text("elements: {}")
    (tmp_path / "report.yaml").write_text("kind: plan-report\n")
    (tmp_path / "notes.csv").write_text("x")
    (tmp_path / ".checkignore").write_text("# comment\nsrc/\n*.expected.yaml\n")
    found, skipped = discover([tmp_path])
    assert [(f.path.name, f.kind) for f in found] == [("a.txt", "mou"), ("report.yaml", "plan-report")]
    assert [s.path.name for s in skipped] == ["notes.csv"]
    assert "neither of the files compliance-check reads" in skipped[0].reason


def test_execution_date_is_preferred_over_effective_date() -> None:
    from checker.engine.classify import detect_executed

    doc = parse_text("AGREEMENT\n\n1. This MOU is effective January 1, 2024.\n\n"
                     "2. Executed by the parties on August 5, 2025.\n", "d")
    assert detect_executed(doc) == dt.date(2025, 8, 5)
    only_effective = parse_text("AGREEMENT\n\n1. This MOU is effective January 1, 2024.\n", "d")
    assert detect_executed(only_effective) == dt.date(2024, 1, 1)
    signed_block = parse_text("AGREEMENT\n\n1. Effective 2024-01-01.\n\nBy: ______\nDate: 09/02/2025\n", "d")
    assert detect_executed(signed_block) == dt.date(2025, 9, 2)
