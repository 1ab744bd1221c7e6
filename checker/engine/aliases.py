"""Who "we" and "you" are: pronoun parties declared by a plain-language MOU.

Why: county drafters write 'In this agreement, "we" and "us" mean the County ...; "you" and
"your" mean the Plan', then put every duty on "you" or "we". Rules name actors with the term
sets `plan` and `partner` (rules/terms.rules), so the declared pronouns are read as the word
of the party they stand for: "You will check their work" is the plan checking, and "We will
post this agreement on the County website" is the county posting, not the plan.
"""
from __future__ import annotations

import re

from checker.document import Document
from checker.dsl import ast
from checker.engine.predicates import TermPred
from checker.text.words import Term, TokenizedText

PLAN_SET, PARTNER_SET = "plan", "partner"
#: The word a partner pronoun is read as: in the `partner` set and among `other_agents` alike, so
#: "we will post it" in a county's plain-language MOU is the partner acting, whatever its name.
PARTNER_WORD = "county"
PRONOUNS = {"we": "we", "us": "we", "our": "we", "ours": "we", "you": "you", "your": "you", "yours": "you"}
#: The pronouns read as their party: who acts. Possessives stay as written ("our name" must not
#: become a plan-name placeholder; "your website" is not an actor).
READ_AS_PARTY = frozenset({"we", "us", "you"})
#: A declaration is read only near the start, where plain-language MOUs make it.
DECLARATION_WINDOW = 20000

_QUOTED = r'[\"\u201c](?:we|us|our|ours|you|your|yours),?[\"\u201d],?'
_DECLARATION = re.compile(
    rf"((?:{_QUOTED}\s*(?:and\s+|or\s+)?)+)(?:[\"\u201c][^\"\u201d]{{1,40}}[\"\u201d]\s*)?"
    r"(?:means?|refers? to|stands? for)\s+([^.;]{3,200})",
    re.IGNORECASE,
)

#: 'Sacramento County ... ("we", "us", or "the County"), and Molina ... ("you" or "the Plan")':
#: the pronouns in parentheses after the party they name.
_ANY_QUOTED = r"[\"\u201c][^\"\u201d]{1,40}[\"\u201d],?"
_PARENTHETICAL = re.compile(rf"\((?P<prons>(?:\s*(?:(?:or|and)\s+)?{_ANY_QUOTED})*?\s*(?:(?:or|and)\s+)?{_QUOTED}"
                            rf"(?:\s*(?:(?:or|and)\s+)?{_ANY_QUOTED})*)\s*\)", re.IGNORECASE)
#: Where the name before such parentheses starts: after "between", "among" or ", and".
_NAME_START = re.compile(r"(?:\bbetween|\bamong|,\s+and|;\s+and|\)\s*,?\s*and|^)\s+", re.IGNORECASE)
NAME_WINDOW = 250

_PREDS: dict[int, tuple[dict, tuple[TermPred, TermPred] | None]] = {}


def _role_preds(terms: dict[str, ast.TermSet]) -> tuple[TermPred, TermPred] | None:
    cached = _PREDS.get(id(terms))
    if cached is not None and cached[0] is terms:
        return cached[1]
    preds = None
    if PLAN_SET in terms and PARTNER_SET in terms:
        preds = tuple(TermPred(name, [Term.parse(t) for t in terms[name].terms])  # type: ignore[assignment]
                      for name in (PLAN_SET, PARTNER_SET))
    _PREDS.clear()
    _PREDS[id(terms)] = (terms, preds)
    return preds


def pronoun_aliases(document: Document, terms: dict[str, ast.TermSet]) -> dict[str, str]:
    """Pronoun -> the word that names its party ("you" -> "plan", "we" -> "county"), for the
    pronouns the document declares; empty when it declares none."""
    preds = _role_preds(terms)
    if preds is None:
        return {}
    text = " ".join(c.text for c in document.clauses)[:DECLARATION_WINDOW]
    aliases: dict[str, str] = {}
    declared = [(m.group(1), m.group(2)) for m in _DECLARATION.finditer(text)]
    for m in _PARENTHETICAL.finditer(text):
        before = text[max(0, m.start() - NAME_WINDOW):m.start()]
        starts = list(_NAME_START.finditer(before))
        declared.append((m.group("prons"), before[starts[-1].end():] if starts else before))
    for pronouns, target in declared:
        word = _party_word(target, *preds)
        if word is None:
            continue
        for pronoun in re.findall(r"[\"\u201c]([a-z]+),?[\"\u201d]", pronouns.lower()):
            person = PRONOUNS.get(pronoun)
            if person:
                aliases.update({p: word for p, who in PRONOUNS.items() if who == person and p in READ_AS_PARTY})
    if aliases.get("we") and aliases.get("we") == aliases.get("you"):
        return {}  # "we" and "you" the same party: a declaration misread, so read neither
    return aliases


def _party_word(target: str, plan: TermPred, partner: TermPred) -> str | None:
    """"plan" or the partner's word, whichever party the definition names first."""
    tok = TokenizedText.of(target)
    first_plan = min((a for a, _ in plan.positions(tok)), default=None)
    first_partner = min(partner.positions(tok), default=None)
    if first_plan is None and first_partner is None:
        return None
    if first_partner is None or (first_plan is not None and first_plan < first_partner[0]):
        return "plan"
    return PARTNER_WORD
