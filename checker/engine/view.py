"""A document seen as searchable units (clauses and sentences), tokenised once."""
from __future__ import annotations

from dataclasses import dataclass, field

from checker.document import Clause, Document
from checker.text.sentences import split_sentences
from checker.text.timeframes import Duration, Frequency, find_durations, find_frequencies
from checker.text.words import TokenizedText


@dataclass
class Unit:
    """A clause or one sentence of a clause: the span a predicate is tested on."""

    clause_index: int
    clause: Clause
    text: str
    scope: str  # "clause" | "sentence"
    _tok: TokenizedText | None = field(default=None, repr=False)
    _heading: TokenizedText | None = field(default=None, repr=False)
    _durations: list[Duration] | None = field(default=None, repr=False)
    _frequencies: list[Frequency] | None = field(default=None, repr=False)

    @property
    def tok(self) -> TokenizedText:
        if self._tok is None:
            self._tok = TokenizedText.of(self.text)
        return self._tok

    @property
    def heading(self) -> TokenizedText:
        if self._heading is None:
            self._heading = TokenizedText.of(self.clause.heading or "")
        return self._heading

    @property
    def durations(self) -> list[Duration]:
        if self._durations is None:
            self._durations = find_durations(self.text)
        return self._durations

    @property
    def frequencies(self) -> list[Frequency]:
        if self._frequencies is None:
            self._frequencies = find_frequencies(self.text)
        return self._frequencies

    @property
    def section_key(self) -> str:
        """The top-level section this unit belongs to, for same_section()."""
        c = self.clause
        if c.path:
            return c.path[0]
        return c.section or f"#{self.clause_index}"


class DocumentView:
    """Lazily built clause and sentence units of one document."""

    def __init__(self, document: Document):
        self.document = document
        self._units: dict[str, list[Unit]] = {}

    def units(self, scope: str) -> list[Unit]:
        if scope not in self._units:
            self._units[scope] = self._build(scope)
        return self._units[scope]

    def _build(self, scope: str) -> list[Unit]:
        units: list[Unit] = []
        for index, clause in enumerate(self.document.clauses):
            if scope == "clause":
                units.append(Unit(index, clause, clause.text, "clause"))
                continue
            for start, end in split_sentences(clause.text):
                units.append(Unit(index, clause, clause.text[start:end], "sentence"))
        return units

    def pages_searched(self) -> list[int]:
        pages = sorted({p for c in self.document.clauses for p in c.pages})
        return pages
