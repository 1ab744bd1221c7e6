"""Generated MOU texts for the invariance and monotonicity properties.

A document is a fixed preamble plus numbered clauses; each clause body is a few
sentences. The transformations below change only the *form* of the text (order of
clauses, line breaks, spaces, letter case, hyphenation, page breaks), never what it says.
"""
from __future__ import annotations

import functools
import re
import textwrap
from pathlib import Path

from hypothesis import strategies as st

from checker.extract.text import parse_text

CORPUS_SRC = Path(__file__).resolve().parents[2] / "corpus" / "mou" / "src"
PREAMBLE = ("MEMORANDUM OF UNDERSTANDING\n\n"
            "This agreement between the Plan and the Partner was executed on March 3, 2025.\n\n")

# Sentences for tests/fixtures/rules_small: hits, near misses, decoys and neutral filler.
SMALL_SENTENCES = (
    "Each Party shall designate a liaison for this MOU.",
    "Each Party shall appoint a point of contact for referrals.",
    "The liaison role will be discussed at a later date.",
    "The Parties shall meet at least quarterly.",
    "The Parties may meet as needed.",
    "The parties will convene four times per year to review referrals.",
    "The MCP shall notify the referring party of closure within ten (10) business days.",
    "The MCP shall notify the referring party of closure within 30 business days.",
    "Payment terms are described in the exhibit.",
    "This agreement is governed by California law.",
    "Records are kept for ten years after the agreement ends.",
)
# Words of the small rule set's terms: filler sentences must avoid them (monotonicity).
SMALL_TERM_WORDS = {
    "liaison", "point", "contact", "designated", "representative", "designate", "appoint", "name", "identify",
    "later", "date", "discussed", "determined", "may", "consider", "meet", "meeting", "convene", "notify",
    "notice", "inform", "closure", "closed",
}
FILLER_WORDS = ("budget", "invoice", "county", "exhibit", "payment", "audit", "schedule", "program",
                "language", "member", "services", "ledger", "vendor", "quarter", "office", "statute")


@functools.lru_cache(maxsize=1)
def corpus_paragraphs() -> tuple[str, ...]:
    """Body paragraphs of the corpus MOUs (numbers stripped), as realistic clause bodies."""
    out = []
    county = re.compile(r"\b[A-Z][a-z]+ County\b|\bCounty of\b|\b(19|20)\d\d\b")
    for path in sorted(CORPUS_SRC.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            text = " ".join(block.split())
            text = re.sub(r"^(\d+(\.\d+)*\.?|\([a-z0-9]+\))\s+", "", text)
            if len(text.split()) >= 8 and text.endswith(".") and text[:1].isupper() and not county.search(text):
                out.append(text)
    return tuple(out)


def small_bodies() -> st.SearchStrategy[list[str]]:
    body = st.lists(st.sampled_from(SMALL_SENTENCES), min_size=1, max_size=3).map(" ".join)
    return st.lists(body, min_size=1, max_size=6)


def corpus_bodies() -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(corpus_paragraphs()), min_size=1, max_size=5)


filler_sentences = st.lists(st.sampled_from(FILLER_WORDS), min_size=3, max_size=8).map(
    lambda ws: " ".join(ws).capitalize() + ".")


# ---- rendering ----------------------------------------------------------------------------
def clause_lines(bodies: list[str], widths: list[int] | None = None) -> list[list[str]]:
    """Each clause as its lines: 'N. body' wrapped at a width (None: one line)."""
    out = []
    for i, body in enumerate(bodies):
        text = f"{i + 1}. {body}"
        width = widths[i % len(widths)] if widths else None
        out.append(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) if width else [text])
    return out


def render(clauses: list[list[str]], blank_lines: int = 1) -> str:
    return PREAMBLE + ("\n" * (blank_lines + 1)).join("\n".join(c) for c in clauses) + "\n"


def document(text: str, path: str = "generated.txt"):
    return parse_text(text, path)


# ---- form-only transformations -------------------------------------------------------------
def hyphenate(lines: list[str], picks: list[int]) -> list[str]:
    """Break long words across line ends with a hyphen, as a typesetter would."""
    out: list[str] = []
    for n, line in enumerate(lines):
        words = line.split(" ")
        candidates = [i for i, w in enumerate(words) if re.fullmatch(r"[a-z]{7,}", w)]
        if not candidates:
            out.append(line)
            continue
        i = candidates[picks[n % len(picks)] % len(candidates)]
        w = words[i]
        cut = 3 + picks[n % len(picks)] % (len(w) - 5)
        out.append(" ".join(words[:i] + [w[:cut] + "-"]))
        out.append(" ".join([w[cut:]] + words[i + 1:]))
    return out


def recase_words(text: str, flips: list[bool]) -> str:
    """Change the case of letters after the first of each word (keeps sentence starts)."""
    words = text.split(" ")
    return " ".join(w[:1] + (w[1:].upper() if flips[i % len(flips)] else w[1:].lower())
                    for i, w in enumerate(words))
