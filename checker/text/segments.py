"""The clauses of a sentence: where a part with a modality or a duty of its own begins.

Why: "MCP must meet as needed, must ensure compliance, and must report quarterly" holds three
duties; a cue word ("may", "later", "quarterly") belongs to the part it is written in. Both the
modality judgement and one_clause(...) cut sentences here, so they agree on what a clause is.
"""
from __future__ import annotations

import re

from checker.text.sentences import split_sentences

Span = tuple[int, int]

#: Where one sentence holds two clauses with their own modality ("..., which may include").
_SEGMENT_BREAK = re.compile(
    r",\s+(?=(?:but|provided|except|unless|although|however|while|whereas|which)\b)"
    r"|,\s+and\s+(?=(?:the|each|either|both|we|you|it|they|MCP|County|must|shall|will|may)\b)"  # ", and the
    # Parties will decide ...", ", and must report ..."
    r"|,\s+(?=(?:must|shall)\b)"  # "must meet as needed, must ensure ..."
    r"|,\s+and\s+(?=(?:give|provide|make|send|share|notify|report|submit|deliver|post|keep|maintain|inform"
    r"|tell|ensure|follow|use|update|review)\b)"  # a second duty: ", and give them to DHCS if DHCS asks"
    r"|\s+(?=\((?:[ivx]+\)|[a-z]\)|\d\)\s))|\s--?\s|\u2014",
    re.IGNORECASE,
)


#: "seven (7) years": a number written twice, not a list item "(7)".
_NUMBER_WORD = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                          r"thirty|forty|forty-five|fifty|sixty|ninety|hundred)$", re.IGNORECASE)
_DIGIT_ITEM = re.compile(r"\(\d")
_DASHES = frozenset({"-", "--", "\u2014"})


def segments(text: str) -> list[Span]:
    """Character spans of the clauses of a text: its sentences, cut where a clause with a
    modality of its own begins."""
    out: list[Span] = []
    for s0, s1 in split_sentences(text) or [(0, len(text))]:
        start = s0
        breaks = list(_SEGMENT_BREAK.finditer(text, s0, s1))
        # "keep records - referral logs, summaries - for ten years": paired dashes enclose an aside
        paired = sum(m.group(0).strip() in _DASHES for m in breaks) >= 2
        for m in breaks:
            if paired and m.group(0).strip() in _DASHES:
                continue
            if _DIGIT_ITEM.match(text, m.end()) and _NUMBER_WORD.search(text, s0, m.start()):
                continue
            if text[start:m.start()].strip():
                out.append((start, m.start()))
            start = m.end()
        if text[start:s1].strip():
            out.append((start, s1))
    return out or [(0, len(text))]
