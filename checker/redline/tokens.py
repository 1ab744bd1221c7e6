"""Words of a provision, their comparison keys and what kind of meaning each carries.

Comparison is on keys, so whitespace, capitalisation, punctuation and clause numbering never
count as changes; "shall" and "must" share a key class of their own so a swap between them is
reported as a meaning-preserving edit rather than hidden or treated as a change of duty.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from checker.text.timeframes import NUMBER_WORDS

#: A word, a number (4.2, 1,000, 30), or a bracketed fill-in such as [County Name].
_TOKEN = re.compile(r"\[[^\[\]\n]{1,60}\]|[A-Za-z0-9§]+(?:[’'.,/-][A-Za-z0-9]+)*")
#: "Section 4.2", "§ 7.3": a cross-reference whose number follows the numbering, not the meaning.
_SECTION_WORDS = frozenset({"section", "sections", "§", "article", "paragraph", "subsection", "clause"})
_SECTION_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")

#: Swaps that keep a provision's meaning (key -> shared class); each is reported, never hidden.
EQUIVALENT: dict[str, str] = {"shall": "=must", "must": "=must"}
MODALS = frozenset({"must", "shall", "will", "may", "should", "can", "could", "might", "agrees", "agree",
                    "required", "requires", "require", "encouraged", "optional", "discretion", "would"})
NEGATIONS = frozenset({"not", "no", "never", "neither", "nor", "none", "without", "unless", "except"})
PARTIES = frozenset({"mcp", "mcps", "county", "counties", "dhcs", "party", "parties", "mhp", "lhd", "plan",
                     "plans", "subcontractor", "subcontractors", "provider", "providers", "member", "members",
                     "department", "state", "agency", "either", "each", "both", "liaison", "director"})
MONTHS = frozenset({"january", "february", "march", "april", "june", "july", "august", "september",
                    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                    "sept", "oct", "nov", "dec"})
TIME_UNITS = frozenset({"day", "days", "business", "working", "calendar", "week", "weeks", "month", "months",
                        "year", "years", "hour", "hours", "quarter", "quarters", "quarterly", "monthly", "weekly",
                        "annually", "annual", "yearly", "daily", "biweekly", "semiannually", "within", "before",
                        "after", "later", "earlier", "prior", "following", "times", "every"})
_NUMBER_WORDS = frozenset(NUMBER_WORDS) - {"a", "an", "once", "twice"}
#: The order in which a change is named: the most consequential kind first.
TAG_ORDER = ("modal", "negation", "number", "date", "timeframe", "party", "wording")


class Token(NamedTuple):
    """One word as shown (with the punctuation around it) and as compared. A named tuple: a
    40-page pair has some 40,000 of them, and a tuple is several times cheaper to make."""

    shown: str
    key: str
    start: int
    placeholder: str | None = None  # the declared placeholder name, for template fill-ins


def tokenize(text: str, placeholders: dict[str, str] | None = None) -> list[Token]:
    """Tokens of `text`; bracketed fill-ins declared in `placeholders` (token -> name) become
    placeholder tokens, and section numbers after 'Section'/'§' get one shared key."""
    placeholders = placeholders or {}
    matches = list(_TOKEN.finditer(text))
    out: list[Token] = []
    previous = ""
    claimed = 0  # display spans take the punctuation around a word ('("MCP"),'), never a neighbour's
    for i, m in enumerate(matches):
        start, end = m.start(), m.end()
        while start > claimed and not text[start - 1].isspace():
            start -= 1
        limit = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        while end < limit and not text[end].isspace():
            end += 1
        claimed = end
        shown = text[start:end]
        word = m.group(0)
        low = word.lower().rstrip(".,")
        name = placeholders.get(_placeholder_key(word)) if word.startswith("[") else None
        if name is not None:
            key = f"<{name}>"
        elif previous in _SECTION_WORDS and _SECTION_NUMBER.match(low):
            key = "<section-ref>"
        elif low == "may" and word[0] == "M" and i + 1 < len(matches) and matches[i + 1].group(0)[0].isdigit():
            key = "month:may"  # "May 1, 2025" is a date, not the modal verb
        else:
            key = EQUIVALENT.get(low, low.replace("’", "'"))
        out.append(Token(shown, key, m.start(), name))
        previous = low
    return out


def _placeholder_key(word: str) -> str:
    return " ".join(word.strip("[]").lower().split())


def placeholder_table(declared: dict[str, list[str]]) -> dict[str, str]:
    """{normalised bracket text -> placeholder name} from a map's declared placeholders."""
    return {_placeholder_key(form): name for name, forms in declared.items() for form in forms}


def is_number(word: str) -> bool:
    w = word.lower().strip(".,;:()")
    return bool(re.fullmatch(r"\(?\d[\d,.]*\)?", w)) or w in _NUMBER_WORDS


def is_date_word(word: str) -> bool:
    w = word.lower().strip(".,;:()")
    return w in MONTHS or w.startswith("month:") or bool(re.fullmatch(r"(19|20)\d\d", w)) or bool(re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", w))


def tags_of(words: list[str], context: list[str]) -> list[str]:
    """What a changed run of words touches. `words` are the changed keys (both sides), `context`
    the unchanged keys just around the change, so '14' before 'calendar days' is a timeframe."""
    tags: set[str] = set()
    for w in words:
        plain = w.lstrip("=")
        if plain in MODALS or w == "=must":
            tags.add("modal")
        if plain in NEGATIONS:
            tags.add("negation")
        if is_date_word(plain):
            tags.add("date")
        elif is_number(plain):
            tags.add("number")
        if plain in TIME_UNITS:
            tags.add("timeframe")
        if plain in PARTIES or plain.startswith("<") and plain not in ("<section-ref>",):
            tags.add("party")
    if "number" in tags and TIME_UNITS.intersection(context):
        tags.add("timeframe")
    if not tags:
        tags.add("wording")
    return [t for t in TAG_ORDER if t in tags]
