"""Where a quoted sentence sits on a PDF page: word boxes from pdfium, matched to the quote.

Why at report time: the clause tree keeps text and page numbers, not geometry, and the
extraction cache stores only that; the page's words are cheap to read again with the
same pdfium word reader the extractor uses (`checker.extract.pdfium_words`), so boxes
follow the extractor's own conventions (PDF points, origin at the page's top-left).

A quote is matched as a token sequence (case and punctuation ignored), tolerant of what
the segmenter changes: joined hyphenated words, dropped running headers, "|" table cells,
the "…" of a shortened quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from checker.extract.pdfium import page_words

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the top-left

_TOKEN = re.compile(r"[a-z0-9]+")
MIN_COVERAGE = 0.6  # share of the quote's tokens that must be found in order on the page
PART_COVERAGE = 0.15  # the least share of a quote split over two pages that one page may hold


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@dataclass
class PageText:
    """One page's words (pdfplumber-shaped dicts) and size, read once per page."""

    number: int
    width: float
    height: float
    words: list[dict]
    _flat: list[tuple[str, int]] | None = field(default=None, repr=False)

    def flat(self) -> list[tuple[str, int]]:
        """(token, word index) for every token of every word, in reading order."""
        if self._flat is None:
            self._flat = [(t, i) for i, w in enumerate(self.words) for t in tokens(w["text"])]
        return self._flat


def read_page_text(pdf, number: int) -> PageText:
    """The words of page `number` (1-based) of an open pypdfium2 document."""
    page = pdf[number - 1]
    try:
        width, height, words = page_words(page)
    finally:
        page.close()
    return PageText(number, width, height, words)


@dataclass
class Located:
    """The quote's line boxes on one page; `bbox` is their union."""

    page: int
    lines: list[Box]
    coverage: float  # share of the quote's tokens matched

    @property
    def bbox(self) -> Box:
        return (min(b[0] for b in self.lines), min(b[1] for b in self.lines),
                max(b[2] for b in self.lines), max(b[3] for b in self.lines))


def locate(page: PageText, quote: str, min_coverage: float = MIN_COVERAGE) -> Located | None:
    """The quote's boxes on `page`, or None when too little of it is found there."""
    want = tokens(quote)
    flat = page.flat()
    if not want or not flat:
        return None
    have = [t for t, _ in flat]
    blocks = [b for b in SequenceMatcher(None, have, want, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return None
    # Keep the run of blocks around the longest one: stray matches of common words elsewhere
    # on the page must not stretch the box.
    core = max(blocks, key=lambda b: b.size)
    lo, hi = core.a - len(want), core.a + core.size + len(want)
    kept = [b for b in blocks if lo <= b.a <= hi]
    coverage = sum(b.size for b in kept) / len(want)
    positions = [b.a + k for b in kept for k in range(b.size)]
    if coverage < min_coverage:
        # Table cells and text boxes: pdfium reads across a row where the extractor read cell
        # by cell, so the quote is there in pieces; find it run by run.
        coverage, positions = _in_window(have, want)
        if not positions:
            return None
    idx = sorted({flat[i][1] for i in positions})
    return Located(page.number, _line_boxes([page.words[i] for i in idx]), coverage)


BAG_COVERAGE = 0.85  # order-free matching must find nearly every token


def _in_window(have: list[str], want: list[str]) -> tuple[float, list[int]]:
    """(coverage, positions) of the quote's tokens in any order within one short stretch of the page.

    pdfium reads a table row line by line across its cells, where the extractor read cell by
    cell; the row's words are all there, close together, in another order.
    """
    from collections import Counter

    need = Counter(want)
    size = min(len(have), 3 * len(want) + 5)
    best, best_at = -1, 0
    got: Counter[str] = Counter()
    hits = 0
    for i, t in enumerate(have):
        if t in need:
            got[t] += 1
            hits += got[t] <= need[t]
        if i >= size:
            old = have[i - size]
            if old in need:
                hits -= got[old] <= need[old]
                got[old] -= 1
        if hits > best:
            best, best_at = hits, max(0, i - size + 1)
    if best / len(want) < BAG_COVERAGE:
        return best / len(want), []
    used: Counter[str] = Counter()
    positions = []
    for i in range(best_at, min(len(have), best_at + size)):
        t = have[i]
        if used[t] < need.get(t, 0):
            used[t] += 1
            positions.append(i)
    return best / len(want), positions


def locate_across(first: PageText, second: PageText | None, quote: str) -> Located | None:
    """A quote that runs from the foot of `first` onto `second`: the larger part, if together enough.

    Each part must be a real run of the quote (PART_COVERAGE of it at least); the page
    holding more of it is the one shown.
    """
    parts = [p for p in (locate(first, quote, PART_COVERAGE), locate(second, quote, PART_COVERAGE) if second else None)
             if p]
    if len(parts) < 2 or sum(p.coverage for p in parts) < MIN_COVERAGE:
        return None
    return max(parts, key=lambda p: p.coverage)


def _line_boxes(words: list[dict]) -> list[Box]:
    """One box per text line (words whose vertical extents overlap), left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        for line in lines:
            ref = line[0]
            if w["top"] < ref["bottom"] - 1 and w["bottom"] > ref["top"] + 1 and abs(w["top"] - ref["top"]) < 3:
                line.append(w)
                break
        else:
            lines.append([w])
    return [(min(w["x0"] for w in ln), min(w["top"] for w in ln), max(w["x1"] for w in ln),
             max(w["bottom"] for w in ln)) for ln in lines]
