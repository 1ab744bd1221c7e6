"""A document's provisions: the clauses of its clause tree that carry text, in reading order.

Headings are not provisions of their own: they lend their words to the provisions under them
(alignment reads a provision with its heading path), so a heading renamed or a section moved
under another article is seen, while a bare heading never counts as kept or removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.document import Document
from checker.redline.tokens import Token, tokenize

MIN_WORDS = 3  # shorter unnumbered fragments (a stray title line) are not provisions
TITLE_MAX_WORDS = 24
_TITLE_ONLY = re.compile(r"^(memorandum of understanding|model memorandum of understanding|mou)$", re.I)


def _title_line(text: str) -> bool:
    """An unnumbered line that names the document or its parties rather than saying anything:
    few words, no sentence end ("Between [Plan Name] and the County of [County] ...")."""
    words = text.split()
    return len(words) < MIN_WORDS or bool(_TITLE_ONLY.match(text)) or (
        len(words) <= TITLE_MAX_WORDS and not text.rstrip().endswith((".", ";", ":", '."'))
        and not re.search(r"[.;:]\s+[A-Z\"(]", text))


@dataclass
class Provision:
    """One provision of a template or a submission."""

    id: str  # template: "<template id>:<section>"; submission: its section, or "¶<n>"
    section: str | None
    heading: str | None
    heading_path: list[str]
    text: str
    pages: list[int]
    index: int  # reading order within its document
    tokens: list[Token] = field(default_factory=list)
    source: str = ""  # the template id, or "" for the submission
    kind: str = "clause"
    _words: list[str] | None = field(default=None, repr=False, compare=False)
    _terms: frozenset[str] | None = field(default=None, repr=False, compare=False)

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = [t.key for t in self.tokens]
        return self._words

    @property
    def label(self) -> str:
        parts = [f"§{self.section}" if self.section else self.id]
        if self.heading:
            parts.append(self.heading)
        return " ".join(parts)


def provisions_of(doc: Document, source: str = "", placeholders: dict[str, str] | None = None) -> list[Provision]:
    """Provisions of `doc` (template provisions get ids prefixed by `source`)."""
    out: list[Provision] = []
    headings: dict[tuple[str, ...], str] = {}
    seen_ids: dict[str, int] = {}
    pending = ""  # a numbered title with no clause under it ("1.1 Parties."): the next clause's own title
    clauses = doc.clauses
    for i, clause in enumerate(clauses):
        key = tuple(clause.path)
        if clause.kind == "heading":
            if clause.heading and key:
                headings[key] = clause.heading
            following = clauses[i + 1] if i + 1 < len(clauses) else None
            if clause.section and following is not None and following.kind != "heading" \
                    and tuple(following.path[:len(key)]) != key:
                pending = " ".join(clause.text.split())
            continue
        text = " ".join(clause.text.split())
        if pending:
            text, pending = f"{pending} {text}", ""
        if clause.kind == "signature":
            continue
        if not clause.section and _title_line(text):
            continue
        path = [headings[key[:i]] for i in range(1, len(key)) if key[:i] in headings]
        base = clause.section or f"¶{len(out) + 1}"
        n = seen_ids.get(base, 0)
        seen_ids[base] = n + 1
        local = base if n == 0 else f"{base}#{n + 1}"
        out.append(Provision(
            id=f"{source}:{local}" if source else local, section=clause.section, heading=clause.heading,
            heading_path=path, text=text, pages=list(clause.pages), index=len(out),
            tokens=tokenize(text, placeholders), source=source, kind=clause.kind))
    return out
