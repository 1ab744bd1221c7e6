"""Property 3: unrelated text never hides a met requirement; without its evidence a rule is not met."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.document import PageInfo
from checker.run import RunOptions, check_mou

from . import documents as D
from . import support


def _findings(bodies: list[str], unreadable: bool = False):
    document = D.document(D.render(D.clause_lines(bodies)))
    if unreadable:
        document.pages = document.pages + [PageInfo(number=len(document.pages) + 1, has_text=False)]
    return check_mou(document, support.small_rules(), RunOptions(as_of=support.AS_OF, mou_type="mhp"),
                     document.path).findings


def _status(bodies: list[str], unreadable: bool = False) -> dict[str, str]:
    return {f.rule_id: f.status for f in _findings(bodies, unreadable)}


@given(D.small_bodies(), st.lists(st.tuples(st.integers(0, 8), D.filler_sentences, st.booleans()), max_size=6))
def test_unrelated_clauses_never_turn_met_into_gap(bodies: list[str], additions) -> None:
    before = _status(bodies)
    grown = list(bodies)
    for where, sentence, as_new_clause in additions:
        assert not set(sentence.lower().rstrip(".").split()) & D.SMALL_TERM_WORDS
        i = where % (len(grown) + 1)
        if as_new_clause or i == len(grown):
            grown.insert(i, sentence)
        else:
            grown[i] = grown[i] + " " + sentence
    after = _status(grown)
    for rule_id, status in before.items():
        if status == "met":
            assert after[rule_id] == "met", (rule_id, grown)


@given(D.small_bodies(), st.booleans())
def test_without_its_evidence_a_met_rule_is_not_met(bodies: list[str], unreadable: bool) -> None:
    for rule_id, status in _status(bodies).items():
        if status != "met":
            continue
        remaining = list(bodies)
        while True:
            finding = next(f for f in _findings(remaining) if f.rule_id == rule_id)
            if finding.status != "met":
                break
            cited = {e.section for e in finding.evidence}
            keep = [b for i, b in enumerate(remaining) if str(i + 1) not in cited]
            assert len(keep) < len(remaining), f"{rule_id} met without evidence in a clause: {finding}"
            remaining = keep
        final = {f.rule_id: f.status for f in _findings(remaining, unreadable)}[rule_id]
        assert final == ("undetermined" if unreadable else "gap"), (rule_id, remaining, final)
