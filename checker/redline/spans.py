"""Template provisions that sit inside a larger submission provision.

Two template sections may reach the submission as one: the plan merged them, or the PDF
reader joined a run-in "Section 1.03 ..." to the paragraph before it. One-to-one alignment
would then call the second section removed and the first edited (the other's words look
inserted). Here an unpaired template provision whose words are nearly all inside a
submission provision is placed there, and every template provision sharing that submission
provision is compared with its own span of it; what no span covers is an addition.
"""
from __future__ import annotations

import difflib

from checker.redline.provisions import Provision

MIN_CONTAINED = 0.8  # share of the template provision's words found, in order, in the host
MIN_BLOCK = 2  # matching runs shorter than this do not place a span (stray common words)
MIN_LEFTOVER_WORDS = 6  # text outside every span shorter than this is a joint ("Section 1.03")


def span_in(template: Provision, host: Provision) -> tuple[int, int, float] | None:
    """(start, end, share of the template's words matched) of `template` inside `host`."""
    t, s = template.words, host.words
    if not t:
        return None
    sm = difflib.SequenceMatcher(None, t, s, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size >= MIN_BLOCK]
    if not blocks:
        return None
    matched = sum(b.size for b in blocks)
    first, last = blocks[0], blocks[-1]
    start = max(0, first.b - first.a)  # words of the template before the first run (edited) belong to it
    end = min(len(s), last.b + last.size + (len(t) - last.a - last.size))
    return start, end, matched / len(t)


def leftovers(host: Provision, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of the host's words outside every span, long enough to be provisions of their own."""
    covered = [False] * len(host.tokens)
    for a, b in spans:
        for i in range(a, min(b, len(covered))):
            covered[i] = True
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(covered):
        if covered[i]:
            i += 1
            continue
        j = i
        while j < len(covered) and not covered[j]:
            j += 1
        if j - i >= MIN_LEFTOVER_WORDS:
            out.append((i, j))
        i = j
    return out
