"""A document seen as searchable units (clauses and sentences), tokenised once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from checker.document import Clause, Document
from checker.text.segments import segments
from checker.text.sentences import split_sentences
from checker.text.timeframes import Duration, Frequency, defined_periods, find_durations, find_frequencies
from checker.text.words import TokenizedText, tokenized

#: Words early in a sentence that point back to the sentence before ("Either Party may then
#: ask DHCS to resolve it"): the earlier sentence then lends its topic to this one.
BACK_REFERENCES = frozenset({"it", "such", "these", "they", "them", "then", "thereafter", "those", "same",
                             "thereof", "therein", "matter", "issue", "above", "foregoing", "that", "problem"})
SIGNER_LINE_WORDS = 8  # the last words just above a signature block name its signer
RUN_IN_TITLE_WORDS = 6  # a clause's first sentence this short ("23. Solving disagreements.") titles the rest
BACK_REFERENCE_WINDOW = 12  # words from the sentence start
DEFINITIONS_WINDOW = 40000  # characters read for defined periods (definitions come early)
#: A list item inside one paragraph ("i.", "2.", "(b)", "a)"): read with the sentence that introduced the list.
_LIST_ITEM = re.compile(r"\s*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)|(?:[a-h]|[ivx]{1,4}|\d{1,2})\.)\s")


@dataclass
class Unit:
    """A clause or one sentence of a clause: the span a predicate is tested on."""

    clause_index: int
    clause: Clause
    text: str
    scope: str  # "clause" | "sentence"
    context_text: str = ""  # heading path, table header cells, the sentence referred back to
    aliases: dict[str, str] | None = field(default=None, repr=False)  # declared pronoun parties
    periods: dict[str, float] | None = field(default=None, repr=False)  # terms defined as periods
    _context: TokenizedText | None = field(default=None, repr=False)
    _tok: TokenizedText | None = field(default=None, repr=False)
    _heading: TokenizedText | None = field(default=None, repr=False)
    _durations: list[Duration] | None = field(default=None, repr=False)
    _frequencies: list[Frequency] | None = field(default=None, repr=False)

    @property
    def tok(self) -> TokenizedText:
        if self._tok is None:
            self._tok = tokenized(self.text, self.aliases)
        return self._tok

    @property
    def heading(self) -> TokenizedText:
        if self._heading is None:
            self._heading = tokenized(self.clause.heading or "")
        return self._heading

    @property
    def context(self) -> TokenizedText:
        """What the unit is read with: its headings, its table header, a sentence it refers back to."""
        if self._context is None:
            self._context = tokenized(self.context_text)
        return self._context

    @property
    def durations(self) -> list[Duration]:
        if self._durations is None:
            self._durations = find_durations(self.text)
        return self._durations

    @property
    def frequencies(self) -> list[Frequency]:
        if self._frequencies is None:
            self._frequencies = find_frequencies(self.text, self.periods)
        return self._frequencies

    def parts(self) -> list[tuple[int, "Unit"]]:
        """The unit's clauses (text.segments) as units of their own, with their start offset."""
        return [(start, replace(self, text=self.text[start:end], _tok=None, _durations=None, _frequencies=None))
                for start, end in segments(self.text)]

    @property
    def section_key(self) -> str:
        """The top-level section this unit belongs to, for same_section()."""
        c = self.clause
        if c.path:
            return c.path[0]
        return c.section or f"#{self.clause_index}"


class DocumentView:
    """Lazily built clause and sentence units of one document."""

    def __init__(self, document: Document, aliases: dict[str, str] | None = None):
        self.document = document
        self.aliases = aliases or None  # "you" -> "plan" where the MOU declares it (engine.aliases)
        #: '"Quarter" means each six-month period': frequencies are read as the MOU defines them
        self.periods = defined_periods(" ".join(c.text for c in document.clauses)[:DEFINITIONS_WINDOW]) or None
        self._units: dict[str, list[Unit]] = {}
        self.memo: dict[object, object] = {}  # indexes the engine builds once per document

    def units(self, scope: str) -> list[Unit]:
        if scope not in self._units:
            self._units[scope] = self._build(scope)
            for unit in self._units[scope]:
                unit.aliases, unit.periods = self.aliases, self.periods
        return self._units[scope]

    def _build(self, scope: str) -> list[Unit]:
        units: list[Unit] = []
        headings: dict[tuple[str, ...], str] = {}
        clauses = self.document.clauses
        for index, clause in enumerate(clauses):
            path = _heading_path(clause, headings)
            if clause.kind == "signature" and index:
                # the party name printed just above a signature block (often glued to the text before)
                path += " \n" + " ".join(clauses[index - 1].text.split()[-SIGNER_LINE_WORDS:])
            if scope == "clause":
                units.append(Unit(index, clause, clause.text, "clause", path))
                continue
            if clause.kind == "table":
                units.extend(_table_rows(index, clause, path))
                continue
            previous = lead_in = title = ""
            for n, (start, end) in enumerate(split_sentences(clause.text)):
                text = clause.text[start:end]
                context = path + (" \n" + title if title else "")
                if n == 0 and len(text.split()) <= RUN_IN_TITLE_WORDS and text.rstrip().endswith("."):
                    title = text
                if previous and _refers_back(text):
                    context += " \n" + previous
                if lead_in and _LIST_ITEM.match(text):
                    context += " \n" + lead_in  # "MCP must notify the County of: 1. ...; 2. ..."
                units.append(Unit(index, clause, text, "sentence", context))
                previous = text
                if ":" in text[-60:]:
                    lead_in = text
                elif not _LIST_ITEM.match(text):
                    lead_in = ""
        return units

    def pages_searched(self) -> list[int]:
        pages = sorted({p for c in self.document.clauses for p in c.pages})
        return pages


def _heading_path(clause: Clause, headings: dict[tuple[str, ...], str]) -> str:
    """The headings of the clause's enclosing sections and its own, outermost first."""
    key = tuple(clause.path)
    if clause.heading and key and key not in headings:
        headings[key] = clause.heading
    parts = [headings[key[:i]] for i in range(1, len(key)) if key[:i] in headings]
    if clause.heading and clause.heading not in parts:
        parts.append(clause.heading)
    return " \n".join(dict.fromkeys(parts))


def _table_rows(index: int, clause: Clause, path: str) -> list[Unit]:
    """One unit per table row, read with the header row (column titles carry the party or topic)."""
    rows: list[Unit] = []
    offset = 0
    header = ""
    for n, row in enumerate(clause.text.split("\n")):
        if row.strip():
            context = path + (" \n" + header if header else "")
            rows.append(Unit(index, clause, clause.text[offset:offset + len(row)], "sentence", context))
            if n == 0:
                header = row
        offset += len(row) + 1
    return rows


def _refers_back(sentence: str) -> bool:
    words = TokenizedText.of(sentence).words[:BACK_REFERENCE_WINDOW]
    return not BACK_REFERENCES.isdisjoint(words)
