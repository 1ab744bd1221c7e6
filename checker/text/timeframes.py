"""Durations and frequencies stated in contract prose, in comparable units.

"within ten (10) business days", "no later than 30 calendar days", "72 hours",
"quarterly", "no less than four times per year", "every three months".
Durations are compared in calendar-day equivalents (a business day counts as 7/5
calendar days), so the comparison is monotone in the stated length whatever the unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "seventy-two": 72,
    "ninety": 90, "hundred": 100, "a": 1, "an": 1, "once": 1, "twice": 2,
}
# calendar-day equivalents of each unit
UNIT_DAYS = {
    "hours": 1 / 24,
    "days": 1.0,
    "calendar_days": 1.0,
    "business_days": 7 / 5,
    "weeks": 7.0,
    "months": 30.0,
    "years": 365.0,
}
PER_YEAR = {"weekly": 52, "biweekly": 26, "monthly": 12, "bimonthly": 6, "quarterly": 4,
            "semiannually": 2, "semi-annually": 2, "biannually": 2, "annually": 1, "yearly": 1}

_NUM = r"(?P<num>\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS if w not in ("a", "an", "once", "twice")), key=len, reverse=True)) + r")"
_PAREN = r"(?:\s*\(\s*(?P<paren>\d+)\s*\))?"
_QUAL = r"(?:\s+(?P<qual>business|working|calendar|court))?"
_UNIT = r"\s*[- ]?\s*(?P<unit>hours?|days?|weeks?|months?|years?)\b"
DURATION_RE = re.compile(r"\b" + _NUM + _PAREN + _QUAL + _UNIT, re.IGNORECASE)

_FREQ_WORD_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in PER_YEAR) + r")\b", re.IGNORECASE)
_TIMES_RE = re.compile(
    r"\b(?P<num>\d+|" + "|".join(re.escape(w) for w in NUMBER_WORDS) + r")(?:\s*\(\s*\d+\s*\))?\s*(?:times?\s+)?"
    r"(?:a|per|each|every|in\s+a|in\s+each)\s+(?:calendar\s+|fiscal\s+|contract\s+)?(?P<per>year|quarter|month|week)\b",
    re.IGNORECASE,
)
_EVERY_RE = re.compile(
    r"\b(?:every|each)\s+(?:(?P<num>\d+|" + "|".join(re.escape(w) for w in NUMBER_WORDS) + r")(?:\s*\(\s*\d+\s*\))?\s+)?"
    r"(?:calendar\s+|fiscal\s+|contract\s+)?(?P<per>years?|quarters?|months?|weeks?)\b",
    re.IGNORECASE,
)
_PERIODS_PER_YEAR = {"year": 1, "quarter": 4, "month": 12, "week": 52}


def number_value(word: str) -> float | None:
    word = word.lower()
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return float(word)
    return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else None


@dataclass(frozen=True)
class Duration:
    amount: float
    unit: str  # a key of UNIT_DAYS
    start: int
    end: int

    @property
    def days(self) -> float:
        return self.amount * UNIT_DAYS[self.unit]

    def describe(self) -> str:
        amount = int(self.amount) if self.amount == int(self.amount) else self.amount
        return f"{amount} {self.unit.replace('_', ' ')}"


@dataclass(frozen=True)
class Frequency:
    per_year: float
    start: int
    end: int

    def describe(self) -> str:
        n = int(self.per_year) if self.per_year == int(self.per_year) else self.per_year
        return f"{n} per year"


def find_durations(text: str) -> list[Duration]:
    found = []
    for m in DURATION_RE.finditer(text):
        amount = float(m.group("paren")) if m.group("paren") else number_value(m.group("num"))
        if amount is None:
            continue
        unit = m.group("unit").lower().rstrip("s") + "s"
        qual = (m.group("qual") or "").lower()
        if unit == "days" and qual in ("business", "working", "court"):
            unit = "business_days"
        elif unit == "days" and qual == "calendar":
            unit = "calendar_days"
        found.append(Duration(amount, unit, m.start(), m.end()))
    return found


#: '"Quarter" means each consecutive six-month period', '"Regular Meeting" means a meeting held once
#: during each six-month period': a defined term that fixes how often something happens.
_DEFINED_TERM = re.compile(r"[\"\u201c](?P<term>[A-Z][A-Za-z -]{1,30})[\"\u201d]\s+(?:means|shall mean|refers to)\b"
                           r"(?P<body>[^.;]{0,200})")
SHORTEST_PERIOD_DAYS = 7.0  # "a period of one week" or longer: a period, not a deadline


def defined_periods(text: str) -> dict[str, float]:
    """Defined term -> times per year it stands for, for terms the MOU defines as a period."""
    out: dict[str, float] = {}
    for m in _DEFINED_TERM.finditer(text):
        body = m.group("body").lower()
        if "period" not in body:
            continue
        spans = [d for d in find_durations(m.group("body")) if d.days >= SHORTEST_PERIOD_DAYS]
        if spans:
            out[m.group("term")] = 365.0 / spans[0].days
    return out


def find_frequencies(text: str, defined: dict[str, float] | None = None) -> list[Frequency]:
    """Frequencies stated in the text; a term the document defines as a period ("each Quarter",
    where "Quarter" means six months) counts as the definition says, before any plain reading."""
    found: list[Frequency] = []
    taken: list[tuple[int, int]] = []

    def add(per_year: float, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Frequency(per_year, start, end))

    for term, per_year in (defined or {}).items():
        for m in re.finditer(r"\b" + re.escape(term) + r"s?\b", text):
            add(per_year, m.start(), m.end())
    for m in _TIMES_RE.finditer(text):
        n = number_value(m.group("num"))
        if n:
            add(n * _PERIODS_PER_YEAR[m.group("per").lower()], m.start(), m.end())
    for m in _EVERY_RE.finditer(text):
        n = number_value(m.group("num")) if m.group("num") else 1.0
        per = m.group("per").lower().rstrip("s")
        if n:
            add(_PERIODS_PER_YEAR[per] / n, m.start(), m.end())
    for m in _FREQ_WORD_RE.finditer(text):
        add(float(PER_YEAR[m.group(1).lower()]), m.start(), m.end())
    return found


def quantity_days(amount: float, unit: str) -> float:
    """A parameter's duration in calendar-day equivalents."""
    return amount * UNIT_DAYS[unit]
