"""The shared term index is only a shortcut: with it, every term set finds exactly what trying
each of its phrases on the text finds, and a rule tests only units that can hold its words."""
from __future__ import annotations


from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine.predicates import TERM_INDEX, TermPred
from checker.engine.quantifiers import candidate_units
from checker.engine.ruleset import load_ruleset
from checker.engine.units import DocumentView
from checker.extract.text import parse_text
from checker.text.words import Term, TokenizedText

VOCABULARY = ["the", "plan", "county", "must", "post", "posts", "posted", "this", "mou", "e", "mail", "email",
              "sub", "contractor", "subcontractors", "web", "site", "website", "part", "ies", "parties",
              "notify", "notice", "liaison", "designate", "designated", "quarterly", "meet", "meets"]
PHRASES = ["post", "this mou", "e-mail", "subcontract*", "web site", "party", "designat*", "notify the county",
           "meet", "plan", "county must"]


def brute_force(terms: list[Term], text: TokenizedText) -> list[tuple[int, int]]:
    return [pos for term in terms for pos in term.positions(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=30),
       st.lists(st.sampled_from(PHRASES), min_size=1, max_size=5, unique=True))
def test_indexed_matches_equal_trying_every_phrase(words, phrases):
    terms = [Term.parse(p) for p in phrases]
    pred = TermPred("t-" + "|".join(phrases), terms)
    text = TokenizedText.of(" ".join(words))
    assert pred.positions(text) == brute_force(terms, text)
    assert (pred.memo_key in TERM_INDEX.candidates(text)) >= bool(brute_force(terms, text))


def test_a_rule_tests_only_units_holding_its_trigger_words():
    ruleset = load_ruleset()
    view = DocumentView(parse_text("The Plan must post this MOU on its website.\n\nThe parties meet every quarter.\n\n"
                                   "Each party names a liaison."))
    rule = next(c for c in ruleset.rules if c.id == "MOU.POSTING")
    quantifier = rule.doc_pred
    units = candidate_units(view, quantifier.scope, quantifier.pred)
    assert [u.text for u in units] == ["The Plan must post this MOU on its website."]
    # and the verdict is the one a scan of every unit gives
    every = [u for u in view.units(quantifier.scope) if quantifier.pred.spans(u, {}) is not None]
    assert every == units[:1]
    assert quantifier.eval(view, {}).ok
