"""What an MOU is: its type, county and execution date, read from its opening text.

Type detection scores each type's `detect` phrases (rules/data/mou_types.yaml) in the
title and the first clauses, so policy authors tune it without Python. The text that
decided is kept for the report.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from checker.document import Document
from checker.text.words import Term, TokenizedText

OPENING_CLAUSES = 8
TITLE_WEIGHT = 3
#: A type that `combines_with` the top type is covered too when it scores at least this share
#: of the top score ("... Mental Health Plan and Drug Medi-Cal Organized Delivery System").
COMBINED_SHARE = 0.1
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_DATE_RE = re.compile(
    r"\b(?:(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}))\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_SIGNED_CUE = re.compile(r"\b(executed|signed|execution|dated|signature)\b", re.I)
_START_CUE = re.compile(r"\b(entered into|made and entered|effective|commenc\w*|begins?)\b", re.I)


@dataclass
class Classification:
    mou_type: str | None
    reason: str
    county: str | None = None
    executed: dt.date | None = None
    scores: dict[str, int] = field(default_factory=dict)
    plans: list[str] = field(default_factory=list)  # plan ids named in the opening text
    mou_types: list[str] = field(default_factory=list)  # every type a combined MOU covers, primary first

    def meta(self) -> dict[str, Any]:
        return {"mou_type": self.mou_type, "mou_types": self.mou_types, "county": self.county,
                "executed": self.executed, "plans": self.plans}


def combined_types(primary: str | None, scores: dict[str, int], mou_types: dict[str, dict[str, Any]]) -> list[str]:
    """The primary type, then each type it combines with that scored enough in the opening text."""
    if primary is None:
        return []
    top = scores.get(primary, 0)
    partners = mou_types.get(primary, {}).get("combines_with") or []
    return [primary] + [t for t in partners if t in scores and scores[t] >= COMBINED_SHARE * top]


def _opening(document: Document) -> tuple[str, str]:
    title = document.title or ""
    body = " ".join(c.text for c in document.clauses[:OPENING_CLAUSES])
    return title, body


def detect_type(document: Document, mou_types: dict[str, dict[str, Any]]) -> tuple[str | None, str, dict[str, int]]:
    title, body = _opening(document)
    title_tok, body_tok = TokenizedText.of(title), TokenizedText.of(body)
    scores: dict[str, int] = {}
    best_phrase: dict[str, str] = {}
    for type_id, info in mou_types.items():
        score = 0
        for phrase in info.get("detect") or []:
            term = Term.parse(str(phrase))
            hits = TITLE_WEIGHT * len(term.positions(title_tok)) + len(term.positions(body_tok))
            if hits:
                score += hits * max(1, len(term.stems))  # longer phrases are stronger evidence
                best_phrase.setdefault(type_id, str(phrase))
        if score:
            scores[type_id] = score
    if not scores:
        return None, "no MOU type's phrases found in the title or opening clauses; checked against the base rules only", scores
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    top, top_score = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == top_score:
        tied = ", ".join(t for t, s in ranked if s == top_score)
        return None, f"MOU type is ambiguous ({tied} score equally); use --mou-type to choose", scores
    return top, f"'{best_phrase[top]}' in the title or opening clauses (score {top_score})", scores


def detect_county(document: Document, counties: list[str]) -> str | None:
    title, body = _opening(document)
    for text in (title, body):
        lowered = text.lower()
        found = [c for c in counties if re.search(r"\b(county of\s+" + re.escape(c.lower()) + r"|"
                                                   + re.escape(c.lower()) + r"\s+county)\b", lowered)]
        if found:
            return max(found, key=len)
    return None


def detect_plans(document: Document, plans: dict[str, dict[str, Any]]) -> list[str]:
    """Plan ids whose name or alias appears in the title or opening clauses (a three-party
    MOU can name two plans)."""
    title, body = _opening(document)
    opening = TokenizedText.of(title + " " + body)
    found = []
    for plan_id, info in plans.items():
        names = [info.get("name"), *(info.get("aliases") or [])]
        if any(n and Term.parse(str(n)).positions(opening) for n in names):
            found.append(plan_id)
    return found


def detect_executed(document: Document) -> dt.date | None:
    """When the MOU was executed: a date next to 'executed / signed / dated', else the latest
    date in a signature block, else a date next to 'entered into / effective'.

    The effective date is only the last resort: an MOU signed after 2025-07-01 may take
    effect earlier, and the CLR rules turn on the signing date.
    """
    signed: list[dt.date] = []
    in_signature: list[dt.date] = []
    starts: list[dt.date] = []
    for clause in document.clauses:
        if not _YEAR.search(clause.text):
            continue  # no year, no date: most clauses end here cheaply
        for m in _DATE_RE.finditer(clause.text):
            date = _to_date(m)
            if date is None:
                continue
            window = clause.text[max(0, m.start() - 80):m.start()]
            last_cue = _last_cue(window)
            if clause.kind == "signature":
                in_signature.append(date)
            if last_cue == "signed":
                signed.append(date)
            elif last_cue == "start":
                starts.append(date)
    if signed:
        return signed[0]
    if in_signature:
        return max(in_signature)
    return starts[0] if starts else None


def _last_cue(window: str) -> str | None:
    """Which kind of cue stands nearest before a date: 'signed', 'start' or none."""
    best: tuple[int, str] | None = None
    for kind, pattern in (("signed", _SIGNED_CUE), ("start", _START_CUE)):
        for m in pattern.finditer(window):
            if best is None or m.start() > best[0]:
                best = (m.start(), kind)
    return best[1] if best else None


def _to_date(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("iso"):
            return dt.date.fromisoformat(m.group("iso"))
        if m.group("month"):
            return dt.date(int(m.group("year")), _MONTHS[m.group("month").lower()], int(m.group("day")))
        return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def classify(document: Document, mou_types: dict[str, dict[str, Any]], counties: list[str],
             forced_type: str | None = None, plans: dict[str, dict[str, Any]] | None = None) -> Classification:
    """`forced_type` may name several types, comma-separated (the first is the primary)."""
    if forced_type:
        types = [t.strip() for t in forced_type.split(",") if t.strip()]
        mou_type, reason, scores = types[0], "set with --mou-type", {}
    else:
        mou_type, reason, scores = detect_type(document, mou_types)
        types = combined_types(mou_type, scores, mou_types)
        if len(types) > 1:
            reason += f"; also covers {', '.join(types[1:])} (combined MOU)"
    return Classification(mou_type, reason, detect_county(document, counties), detect_executed(document), scores,
                          detect_plans(document, plans or {}), types)
