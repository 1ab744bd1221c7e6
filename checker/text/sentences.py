"""Sentence splitting tuned for contract prose (section numbers and abbreviations)."""
from __future__ import annotations

import re

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "no.", "sec.", "art.", "u.s.", "inc.", "co.", "corp.", "dept.",
                  "st.", "v.", "vs.", "cf.", "para.", "subd.", "exh.", "att.", "approx.", "min.", "max.")
#: Words that cite a numbered part: after "section 4.2." a capital starts a new sentence.
_REFERENCE_WORDS = frozenset({"section", "sections", "paragraph", "paragraphs", "article", "clause", "exhibit",
                              "attachment", "schedule", "item", "part", "subsection", "appendix", "page"})
# A sentence also ends before an inline list marker: "... within ten days. b) Each party ..."
# or "... with DHCS. i. \"Member\" means ..." (the templates' nested i./1./a. lists in one paragraph).
_BOUNDARY = re.compile(r"(?<=[.!?;])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9]|\(?(?:[a-z]|[ivx]{1,4})\)\s|(?:[a-h]|[ivx]{1,4})\.\s)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a paragraph (semicolons end a sentence too)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start:m.start()].rstrip()
        last_word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if last_word in _ABBREVIATIONS or re.fullmatch(r"(\d+\.)+\d*|[a-z]\.|\(?[ivx]+\.", last_word or "x"):
            words = before.split()
            referenced = len(words) > 1 and words[-2].lower().strip("(") in _REFERENCE_WORDS
            if not (referenced and re.fullmatch(r"(\d+\.)*\d+\.", last_word)):
                continue  # "... in paragraph 18. We will post ..." ends a sentence; "18. We" alone does not
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]
