"""A party's signature block that holds no signature: unsigned_block(party_terms).

Why: a signature page glues every party's block into one clause, so "the page names the County
and has a signed block" is true even when the County's own block is empty, says its page
"follows" and none does, or holds only County Counsel's approval as to form. Splitting the page
at each party's capitalised name line ("COUNTY OF KERN", "APPROVED AS TO FORM:") lets a rule
ask of each block whether it is signed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from checker.engine.predicates import Pred, TermPred
from checker.engine.text_functions.registry import text_function
from checker.text.words import tokenized

#: A capitalised name line: two or more upper-case words ("COUNTY OF KERN", "PLAN, INC."), or
#: one long one with a colon ("ATTEST:").
_WORD = r"[A-Z][A-Z0-9&'.,()\-]*(?![a-z])"
_MORE = r"[(A-Z0-9][A-Z0-9&'.,()\-]*(?![a-z])"  # later words may be "(FIRST" or "5"
_LABEL = re.compile(rf"(?:\b{_WORD}(?:\s+{_MORE}){{1,14}}:?|\b[A-Z]{{5,}}:)")
_SIGNED = re.compile(r"\b(?:by|signature|signed)\s*:|\(signed\)|/s/", re.IGNORECASE)
#: Blocks that are not a party signing: approval as to form, attestation, acknowledgement.
_NOT_A_PARTY = re.compile(r"approved as to\b|as to (?:legal )?form|\battest|acknowledg|reviewed by",
                          re.IGNORECASE)
_NOT_A_PARTY_START = re.compile(r"APPROVED AS TO|ATTEST|ACKNOWLEDG|REVIEWED BY")
#: A block that says its signature is elsewhere.
_ELSEWHERE = re.compile(r"follows|to follow|separate cover|separate page|attached separately|will be signed",
                        re.IGNORECASE)
MIN_LABEL_LETTERS = 6  # "CEO", "MD" are not a party's name line


@dataclass
class Block:
    label: str
    body: str

    @property
    def signed(self) -> bool:
        return bool(_SIGNED.search(self.body)) and not _ELSEWHERE.search(self.body)

    @property
    def party(self) -> bool:
        return not _NOT_A_PARTY.search(self.label)


def _labels(text: str) -> list[tuple[int, int]]:
    """(start, end) of each name line; "COUNTY OF KERN APPROVED AS TO FORM:" is two."""
    out = []
    for m in _LABEL.finditer(text):
        if sum(ch.isalpha() for ch in m.group(0)) < MIN_LABEL_LETTERS:
            continue
        cuts = [m.start()] + [m.start() + d.start() for d in _NOT_A_PARTY_START.finditer(m.group(0)) if d.start()]
        out += [(a, b) for a, b in zip(cuts, cuts[1:] + [m.end()]) if text[a:b].strip()]
    return out


def blocks(text: str) -> list[Block]:
    """The signature page cut at each capitalised name line."""
    starts = _labels(text)
    out: list[Block] = []
    for i, (a, b) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        label, body = text[a:b].strip(), text[b:end]
        if out and not out[-1].party and not out[-1].body.strip():
            # "APPROVED AS TO FORM: OFFICE OF COUNTY COUNSEL": the office approves, it does not sign
            out[-1] = Block(f"{out[-1].label} {label}", body)
            continue
        out.append(Block(label, body))
    return out


class UnsignedBlockPred(Pred):
    """The unit is a signature page where a block named for the party is not signed (empty,
    'signature page follows', or approval as to form only) and no other block for it is."""

    def __init__(self, party: TermPred):
        self.party = party
        self.label = f"unsigned_block({party.label})"

    def spans(self, unit, params):
        if unit.clause.kind != "signature":
            return None
        found = blocks(unit.text)
        named = [(i, b) for i, b in enumerate(found) if b.party and self.party.positions(tokenized(b.label))]
        if not named or any(b.signed for _, b in named):
            return None
        last = len(found) - 1
        # a name line ending the page may be signed on the next page: only an explicit
        # "follows" / "separate cover" there says the signature is missing
        if all(i == last and not _ELSEWHERE.search(b.body) for i, b in named):
            return None
        start = unit.text.find(named[0][1].label)
        return [(start, start + len(named[0][1].label))]


@text_function("unsigned_block", 1, 1, "unsigned_block(party): a signature page holds a block named for the party "
                                       "that is not signed (empty, 'page follows', or approved as to form only)")
def unsigned_block(c, e):
    return "unit", UnsignedBlockPred(c.term_like(e.args[0]))
