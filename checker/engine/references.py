"""Duties that leave their content to a part of the MOU that is still empty.

Why: "The Parties will exchange the data elements listed in Exhibit B" states a duty, but when
Exhibit B is a table of "TBD" cells or says it is pending completion, nothing has been agreed:
a careful reviewer reads the duty as postponed. The referenced exhibit, attachment or section
is found in the clause tree (its section path) and judged from its own text.
"""
from __future__ import annotations

import re

from checker.engine.modality import Modality
from checker.engine.units import DocumentView, Unit
from checker.text.sentences import split_sentences
from checker.text.words import tokens

#: "Exhibit B", "Attachment 2", "Appendix C-1", "Schedule A", "Section 11", "Article XIV"
_REFERENCE = re.compile(r"\b(exhibit|attachment|appendix|schedule|addendum|section|article|part)\s+"
                        r"([A-Z]{1,3}(?:[-.]\d{1,2})?|\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,6})\b", re.IGNORECASE)
PLACEHOLDER_WORDS = frozenset({"tbd", "tba", "pending"})
PLACEHOLDER_SHARE = 0.25  # a part whose words are this much "TBD" holds nothing agreed yet
MEMO_KEY = "postponed-references"


def _key(kind: str, ident: str) -> str:
    kind = kind.lower()
    # a section is named by its number alone in the clause tree ("11"), an exhibit by its title
    return ident.lower() if kind in ("section", "article", "part") else f"{kind} {ident.lower()}"


def _part_key(path_id: str) -> str:
    m = _REFERENCE.fullmatch(path_id.strip())
    return _key(m.group(1), m.group(2)) if m else path_id.strip().lower()


def postponed_parts(view: DocumentView, guard: Modality) -> dict[str, str]:
    """Key of each exhibit, attachment or section that holds nothing agreed yet -> why."""
    cached = view.memo.get(MEMO_KEY)
    if cached is not None:
        return cached  # type: ignore[return-value]
    texts: dict[str, list[tuple[str, str]]] = {}
    for clause in view.document.clauses:
        if clause.kind in ("heading", "signature") or not clause.path:
            continue
        for depth in range(1, len(clause.path) + 1):
            texts.setdefault(_part_key(clause.path[depth - 1]), []).append((clause.kind, clause.text))
    found: dict[str, str] = {}
    for key, parts in texts.items():
        words = tokens(" ".join(text for _, text in parts))
        if not words:
            continue
        if sum(w in PLACEHOLDER_WORDS for w in words) / len(words) >= PLACEHOLDER_SHARE:
            found[key] = "its content is still 'TBD'"
            continue
        if any(kind == "table" or " | " in text for kind, text in parts):
            continue  # a filled table is content; its cells are data, not clauses to judge
        body = " ".join(text for _, text in parts)
        verdicts = [guard.judge(body[a:b], []) for a, b in split_sentences(body)]
        if verdicts and all(v.kind == "postponement" for v in verdicts):
            found[key] = f"it {verdicts[0].describe()}"
    view.memo[MEMO_KEY] = found
    return found


def postponed_reference(unit: Unit, view: DocumentView, guard: Modality) -> str | None:
    """Why the unit's duty is postponed by the part it points to ("Exhibit B: its content is
    still 'TBD'"), or None. A unit inside that part is judged by its own words instead."""
    parts = postponed_parts(view, guard)
    if not parts:
        return None
    own = {_part_key(p) for p in unit.clause.path}
    for m in _REFERENCE.finditer(unit.text):
        key = _key(m.group(1), m.group(2))
        if key in parts and key not in own:
            return f"it leaves its content to {m.group(0)}, and {parts[key]}"
    return None
