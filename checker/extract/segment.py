"""Turn a stream of text lines into the clause tree, whatever the source format.

Every extractor (plain text, PDF, Word) reduces its input to `Line`s and hands them
here, so numbering, headings and signature blocks are recognised one way only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from checker.document import Clause


@dataclass
class Line:
    """One visual line of a document, plus what the layout says about it."""

    text: str
    page: int = 1
    heading: bool = False  # the layout marks it as a heading (font size, bold, Word style)
    level: int | None = None  # heading level from markdown '#' or a Word heading style
    kind: str | None = None  # None for prose; "table" for a prebuilt table row; "plain": text that
    # is never a heading, number or signature (Word headers and footers)
    block: int | None = None  # groups table rows of one table
    # Optional layout facts (PDF); None where the source has no such notion (text, Word).
    size: float | None = None  # font size in points
    bold: bool | None = None  # every word of the line is in a bold face


# --------------------------------------------------------------------------- numbering

_ROMAN_RE = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)
_EXHIBIT_RE = re.compile(
    r"^(exhibit|attachment|appendix|schedule|addendum|annex)\s+"
    r"([A-Z]{1,2}|\d{1,3}|[IVXL]+)((?:[-.]\d+)*)\b\.?\s*(.*)$",
    re.I,
)
_ARTICLE_RE = re.compile(r"^article\s+([IVXLC]+|\d{1,3})\b\.?\s*(.*)$", re.I)
_PART_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
               "eleven", "twelve")
_PART_RE = re.compile(r"^part\s+(" + "|".join(_PART_WORDS) + r"|[IVX]{1,5}|\d{1,2})\b\.?\s*(.*)$", re.I)
# A heading that opens the signature page: "SIGNATURES", "Signature Page", "Execution".
SIGNATURE_HEADING_RE = re.compile(
    r"^(?:signatures?(?:\s+(?:page|block)s?)?|execution(?:\s+page)?|signatories|"
    r"authorized\s+signatures?|in\s+witness\s+whereof)\s*[.:]?$",
    re.I,
)
_SECTION_RE = re.compile(r"^(?:section|sec\.|clause|§)\s*(\d{1,3}(?:\.\d{1,3})*)\.?(?=\s|$)\s*(.*)$", re.I)
_DECIMAL_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)(\.|\))?(?=\s|$)\s*(.*)$")
_LETTER_DECIMAL_RE = re.compile(r"^([A-Z])\.(\d{1,3}(?:\.\d{1,3})*)\.?(?=\s|$)\s*(.*)$")
# "(1)The ..." too: a PDF may draw the number so close to the text that no space is read.
_PAREN_RE = re.compile(r"^\(([A-Za-z]{1,4}|\d{1,3})\)(?=\s|$|[A-Z][a-z])\s*(.*)$")
_LETTER_RE = re.compile(r"^([A-Za-z]{1,7})([.)])(?=\s|$|[A-Z][a-z])\s*(.*)$")


def is_signature_heading(title: str | None) -> bool:
    """'SIGNATURES', 'Execution', and the same after a label: 'Clause 19 - Signatures'."""
    t = (title or "").strip()
    return bool(SIGNATURE_HEADING_RE.match(t) or SIGNATURE_HEADING_RE.match(re.split(r"\s[-–—:]\s|\.\s", t)[-1]))


_FIXED_RANK = {"exhibit": 0, "part": 0, "article": 1}  # decimal depth n has rank 1 + n
_SEPARATORS = (".", ":", "-", "–", "—")
_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on",
    "or", "the", "to", "with", "per", "vs", "via", "under", "between", "within", "upon",
    "than", "nor", "its", "their", "s",
}
_KEEP_HYPHEN_PREFIXES = {"self", "non", "co", "cross", "well", "half", "long", "short",
                         "full", "part", "follow", "multi", "third", "first", "one", "two"}
_SIGNATURE_RE = re.compile(
    r"^(?:by|signature|signed|name|printed name|print name|title|date|its)\s*[:_]"
    # a rule to sign on, but not a fill-in blank naming a party: '_____ (the "Plan")'
    r"|^_{3,}(?!_|\s*\(the\b)|^\(signature\)|^_*/s/",
    re.I,
)


_CORPORATE_END = re.compile(r"\b(inc|corp|co|ltd|llc|l\.l\.c|l\.p|p\.c|n\.a)\.$", re.I)


@dataclass
class Number:
    """A recognised clause number at the start of a line."""

    style: str  # e.g. "decimal-2", "paren-lower", "dot-upper-roman", "exhibit"
    label: str  # the bare value: "4.2", "a", "iv", "A"
    section: str  # how the clause is named: "4.2", "(a)", "Article IV", "Exhibit A"
    rest: str  # the line after the number

    @property
    def rank(self) -> int | None:
        if self.style.startswith("decimal-"):
            return 1 + int(self.style.split("-")[1])
        return _FIXED_RANK.get(self.style)


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def is_title_case(text: str) -> bool:
    """'Liaisons', 'Roles and Responsibilities of the Parties': every main word capitalised."""
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", text)
    if not words or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def looks_like_heading(text: str, *, hinted: bool = False) -> bool:
    """A short line with no closing sentence punctuation, in capitals or Title Case."""
    t = text.strip().strip("*_").strip()
    if not t or len(t) > 90 or len(t.split()) > 12:
        return False
    if t[-1] in ".,;:" and not t.endswith("..."):
        return False
    if not any(c.isalpha() for c in t) or _SIGNATURE_RE.match(t):
        return False
    if t.startswith("|"):
        return False
    if hinted:
        return t[0].isupper() or t[0].isdigit() or t[0] in "(§\"'“"
    return is_caps(t) or is_title_case(t)


def _short_title(rest: str) -> tuple[str | None, str]:
    """Split 'Liaisons. Each Party shall ...' into ('Liaisons', rest); else (None, rest)."""
    if not rest:
        return None, rest
    if looks_like_heading(rest):
        return rest.strip().rstrip(".:").strip(), rest
    bare = rest.strip()
    if bare[-1:] in ".:" and len(bare.split()) <= 8 and (is_title_case(bare[:-1]) or is_caps(bare[:-1])):
        return bare[:-1].strip(), rest
    m = re.match(r"^(.{2,80}?)(?:\.|:|\s[-–—])\s+(\S.*)$", rest)
    if m:
        title = m.group(1).strip()
        if len(title.split()) <= 8 and (is_title_case(title) or is_caps(title)):
            return title, rest
    return None, rest


def _starts_prose(rest: str) -> bool:
    return not rest or not rest[0].isalpha() or rest[0].isupper()


def _header_rest_ok(rest: str) -> bool:
    """After 'Exhibit A' / 'Section 4.02' the line must be a title, not running prose."""
    if not rest:
        return True
    if rest[0] in _SEPARATORS:
        return True
    return _short_title(rest)[0] is not None


def _letter_style(value: str, form: str, stack: Sequence["_Entry"]) -> tuple[str, str] | None:
    """Decide between alphabetic and roman numbering for 'i', 'v', 'x' and the like."""
    upper = value.isupper()
    if not (value.isupper() or value.islower()):
        return None
    case = "upper" if upper else "lower"
    alpha_style = f"{form}-{case}"
    roman_style = f"{form}-{case}-roman"
    is_roman = bool(_ROMAN_RE.match(value))
    if len(value) == 1:
        if not is_roman or value.lower() not in "ivx":
            return alpha_style, value
        prev_alpha = chr(ord(value) - 1)
        for e in stack:
            if e.style == alpha_style and e.label == prev_alpha:
                return alpha_style, value
        if value.lower() == "i":
            return roman_style, value
        for e in stack:
            if e.style == roman_style:
                return roman_style, value
        return alpha_style, value
    if is_roman:
        return roman_style, value
    if len(set(value)) == 1 and len(value) <= 3:  # "aa", "bbb" continue a long list
        return alpha_style, value
    return None


def parse_number(text: str, stack: Sequence["_Entry"] = ()) -> Number | None:
    """Recognise the clause number a line starts with, or None for ordinary text."""
    t = text.strip()
    m = _EXHIBIT_RE.match(t)
    if m and _header_rest_ok(m.group(4)):
        word = m.group(1).capitalize()
        label = m.group(2).upper() + m.group(3)
        return Number("exhibit", label, f"{word} {label}", m.group(4).lstrip(".:-–— ").strip())
    m = _ARTICLE_RE.match(t)
    if m and (m.group(1).isdigit() or _ROMAN_RE.match(m.group(1))) and _header_rest_ok(m.group(2)):
        label = m.group(1).upper()
        return Number("article", label, f"Article {label}", m.group(2).lstrip(".:-–— ").strip())
    m = _PART_RE.match(t)
    if m and _header_rest_ok(m.group(2)):
        value = m.group(1)
        label = value.capitalize() if value.isalpha() and value.lower() in _PART_WORDS else value.upper()
        return Number("part", label, f"Part {label}", m.group(2).lstrip(".:-–— ").strip())
    m = _SECTION_RE.match(t)
    if m and _header_rest_ok(m.group(2)):
        label = m.group(1)
        depth = label.count(".") + 1
        return Number(f"decimal-{depth}", label, label, m.group(2).lstrip(".:-–— ").strip())
    m = _DECIMAL_RE.match(t)
    if m:
        label, suffix, rest = m.group(1), m.group(2), m.group(3)
        depth = label.count(".") + 1
        if (depth > 1 or suffix) and _starts_prose(rest) and not re.match(r"^\d", rest):
            return Number(f"decimal-{depth}", label, label, rest)
    m = _LETTER_DECIMAL_RE.match(t)
    if m and _starts_prose(m.group(3)):  # "B.1" numbering inside Exhibit B
        label = f"{m.group(1)}.{m.group(2)}"
        return Number(f"decimal-{label.count('.') + 1}", label, label, m.group(3))
    m = _PAREN_RE.match(t)
    if m:
        value, rest = m.group(1), m.group(2)
        if value.isdigit():
            return Number("paren-num", value, f"({value})", rest)
        decided = _letter_style(value, "paren", stack)
        if decided:
            return Number(decided[0], value, f"({value})", rest)
    m = _LETTER_RE.match(t)
    if m:
        value, punct, rest = m.group(1), m.group(2), m.group(3)
        form = "dot" if punct == "." else "rparen"
        if len(value) > 1 and not _ROMAN_RE.match(value) and len(set(value)) != 1:
            return None
        if form == "dot" and value.isupper() and not _starts_prose(rest):
            return None
        decided = _letter_style(value, form, stack)
        if decided:
            section = value if form == "dot" else f"{value})"
            return Number(decided[0], value, section, rest)
    return None


def _decimal_key(label: str) -> str:
    """'4.02' and '4.2' name the same section for nesting purposes."""
    return ".".join(part.lstrip("0") or "0" for part in label.split("."))


# --------------------------------------------------------------------------- text joining


def join_lines(lines: Iterable[str]) -> str:
    """One paragraph from wrapped lines: rejoin words hyphenated at line ends, tidy spaces.

    Works on the last piece only, so a clause of thousands of lines stays linear.
    """
    parts: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        last = parts[-1] if parts else ""
        m = _LINE_END_HYPHEN.search(last[-100:]) if last.endswith("-") else None
        if m and line[0].islower() and not last.endswith("--"):
            keep = m.group(1).lower() in _KEEP_HYPHEN_PREFIXES and _standalone(line)
            parts[-1] = (last if keep else last[:-1]) + line
        else:
            parts.append(line)
    return " ".join(parts)


_LINE_END_HYPHEN = re.compile(r"([A-Za-z]+)-$")
_SHORT_WORDS = {"up", "in", "on", "off", "out", "by", "day", "man", "way", "end"}


def _standalone(continuation: str) -> bool:
    """Whether the text after a line-end hyphen starts a word of its own ("part-time") rather
    than the rest of a split word ("part-ies")."""
    m = re.match(r"[a-z]+", continuation)
    word = m.group(0) if m else ""
    return len(word) >= 4 or word in _SHORT_WORDS


# --------------------------------------------------------------------------- segmenter


@dataclass
class _Entry:
    style: str
    label: str
    section: str
    rank: int | None
    heading: str | None


@dataclass
class _Building:
    kind: str
    section: str | None
    path: list[str]
    heading: str | None
    own_heading: bool = False
    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    block: int | None = None
    only_number: bool = False  # a numbered line with nothing after the number yet
    sep: str = " "
    title_open: bool = False  # holds only its title so far: the next line may wrap it
    title_line: Line | None = None  # layout of the title's last line, to compare a wrap with

    def add(self, text: str, page: int) -> None:
        self.lines.append(text)
        if page not in self.pages:
            self.pages.append(page)

    def to_clause(self) -> Clause | None:
        if self.kind == "table":
            text = "\n".join(" ".join(r.split()) for r in self.lines if r.strip())
        elif self.kind == "signature":
            text = " ".join(" ".join(r.split()) for r in self.lines if r.strip())
        else:
            text = join_lines(self.lines)
        kind = self.kind
        if not text:
            if self.section is None:
                return None
            text, kind = self.section, "heading"  # a bare number such as "Article III"
        if kind == "clause" and self.own_heading and text.rstrip(".: ") == (self.heading or ""):
            kind = "heading"
        return Clause(
            section=self.section,
            path=list(self.path),
            heading=self.heading,
            text=text,
            pages=sorted(self.pages) or [1],
            kind=kind,
        )


def _clean_markdown(text: str) -> tuple[str, int | None]:
    """Strip markdown decoration; return the text and the '#' level, if any."""
    m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", text)
    level = None
    if m:
        level, text = len(m.group(1)), m.group(2)
    text = re.sub(r"^(\*\*|__)(.+?)\1", r"\2", text)
    if re.fullmatch(r"(\*\*|__).+(\*\*|__)", text):
        text = text[2:-2]
    text = re.sub(r"^[-*+•]\s+", "", text)
    return text, level


class Segmenter:
    """Stateful walk over lines; `run()` returns the clauses in reading order."""

    def __init__(self, lines: Sequence[Line], *, markdown: bool = False):
        self.lines = list(lines)
        self.markdown = markdown
        self.stack: list[_Entry] = []
        self.clauses: list[Clause] = []
        self.cur: _Building | None = None
        self.unnumbered_heading: str | None = None
        self.prev_text: str | None = None  # the previous non-blank line, None after a blank
        self.sig_section = False  # inside a section headed "Signatures" / "Execution"

    # ---------------------------------------------------------------- helpers
    def _close(self) -> None:
        if self.cur is not None:
            clause = self.cur.to_clause()
            if clause is not None:
                self.clauses.append(clause)
        self.cur = None

    def _path(self) -> list[str]:
        return [e.section for e in self.stack]

    def _context_heading(self) -> str | None:
        if self.cur is not None and self.cur.kind == "heading":
            return self.cur.heading
        for e in reversed(self.stack):
            if e.heading:
                return e.heading
        return self.unnumbered_heading

    def _place(self, num: Number) -> None:
        """Put a number on the outline stack: replace a sibling or nest under the parent."""
        for i, e in enumerate(self.stack):
            if e.style == num.style:
                del self.stack[i:]
                return
        rank = num.rank
        if rank is None:
            return
        for i, e in enumerate(self.stack):
            if e.rank is not None and e.rank >= rank:
                del self.stack[i:]  # an outer-level number closes everything below it
                break
        if num.style.startswith("decimal-") and "." in num.label:
            # "4.2" belongs under "4", not under a decimal "2" that happens to be open.
            prefix = _decimal_key(num.label.rsplit(".", 1)[0])
            while self.stack and self.stack[-1].style.startswith("decimal-") and \
                    self.stack[-1].rank == rank - 1 and _decimal_key(self.stack[-1].label) != prefix:
                self.stack.pop()
        while self.stack:
            top = self.stack[-1]
            outer = any(e.rank is not None and e.rank < rank for e in self.stack)
            if top.rank is None and (outer or rank <= 1):
                self.stack.pop()  # "4.3" after "4 / a. / (i)" goes back under "4"
                continue
            break

    def _prev_ends_paragraph(self) -> bool:
        p = self.prev_text
        if p is None:
            return True
        if self.cur is not None and (self.cur.only_number or self.cur.kind == "heading"):
            return True
        return p.rstrip().endswith((".", ";", "!", "?", "\u201d.", ".\"")) or looks_like_heading(p)

    def _is_heading_line(self, idx: int, text: str, line: Line) -> bool:
        if line.level is not None:
            return True
        if not looks_like_heading(text, hinted=line.heading):
            return False
        if not self._prev_ends_paragraph():
            return False
        nxt = self._next_text(idx)
        if nxt is not None and nxt[:1].islower():
            return False  # the sentence wraps onto the next line
        if line.heading or is_caps(text):
            return True
        # Title Case alone is weak evidence: needs a blank line (or page start) before it.
        return self.prev_text is None

    def _continues_title(self, idx: int, text: str, line: Line) -> bool:
        """A title that wraps onto a second line ("E. CONFIDENTIALITY OF SUBSTANCE USE" /
        "DISORDER RECORDS"): no gap before it, the same capitals or Title Case, and the same
        font size and weight where the layout says; a short title ("D. LIAISONS") does not wrap."""
        cur = self.cur
        if cur is None or cur.kind != "clause" or not cur.title_open or self.prev_text is None:
            return False
        first = (cur.heading or "").strip()
        if not first or is_signature_heading(first) or _SIGNATURE_RE.match(text):
            return False
        if not looks_like_heading(text, hinted=line.heading):
            return False
        if is_caps(text) != is_caps(first):
            return False
        if not is_caps(first) and not (is_title_case(text) or line.heading):
            return False
        shape = cur.title_line
        if shape is not None:
            if shape.bold is not None and line.bold is not None and shape.bold != line.bold:
                return False
            if shape.size and line.size and abs(shape.size - line.size) > 0.6:
                return False
        # The line before must look cut: long enough to have reached the wrap width, or ending
        # on a word that cannot end a title ("... OF", "... AND"). "1. Definitions" followed by
        # a bold term is not a wrapped title, whatever the fonts say.
        last = (shape.text if shape is not None else first).split()
        cut = len(" ".join(last)) >= 18 or last[-1].lower().strip(",") in _SMALL_WORDS | {"-", "–", "—", "&"}
        return cut and not self._signature_follows(idx)

    def _extend_title(self, text: str, line: Line) -> None:
        cur = self.cur
        assert cur is not None
        cur.add(text, line.page)
        cur.heading = join_lines([cur.heading or "", text.strip().rstrip(".:")])
        cur.title_line = line
        if self.stack and self.stack[-1].section == cur.section:
            self.stack[-1].heading = cur.heading
        self.sig_section = is_signature_heading(cur.heading)

    def _signature_follows(self, idx: int) -> bool:
        """A signature line ("By:", "Name:", a rule) within the next three lines."""
        seen = 0
        for line in self.lines[idx + 1:]:
            t = line.text.strip()
            if not t:
                continue
            if _SIGNATURE_RE.match(t):
                return True
            seen += 1
            if seen >= 3:
                break
        return False

    def _party_name(self, idx: int, text: str, line: Line) -> bool:
        """A party's name above its signature lines, in a signature section or right before
        'By:': it heads a signature block, it is not a heading that starts a new outline."""
        name = _CORPORATE_END.sub(r"\1", text.strip())  # "HEALTH NET ..., INC." ends in a period
        if line.level is not None or not looks_like_heading(name, hinted=line.heading):
            return False
        nxt = self._next_text(idx)
        if nxt is None:
            nxt = next((ln.text.strip() for ln in self.lines[idx + 1:] if ln.text.strip()), "")
        return bool(_SIGNATURE_RE.match(nxt)) and (self.sig_section or self._signature_follows(idx))

    def _next_text(self, idx: int) -> str | None:
        for line in self.lines[idx + 1: idx + 2]:
            return line.text.strip() or None
        return None

    # ---------------------------------------------------------------- main loop
    def run(self) -> list[Clause]:
        for idx, line in enumerate(self.lines):
            self._feed(idx, line)
        self._close()
        return self.clauses

    def _feed(self, idx: int, line: Line) -> None:
        raw = line.text.rstrip()
        if line.kind == "table":
            self._table_row(raw, line)
            return
        text = raw.strip()
        level = line.level
        if self.markdown:
            if re.fullmatch(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?", text):
                return  # markdown table separator row
            if text.startswith("|") and text.endswith("|") and text.count("|") >= 3:
                cells = [c.strip() for c in text.strip("|").split("|")]
                self._table_row(" | ".join(cells), Line(text, line.page, kind="table", block=-1))
                return
            if re.fullmatch(r"[-*_]{3,}", text):
                self.prev_text = None
                return  # horizontal rule
            text, md_level = _clean_markdown(text)
            level = md_level if md_level is not None else level
            line = Line(text, line.page, heading=line.heading or md_level is not None, level=level)
        if not text:
            self._blank()
            return
        if self.cur is not None and self.cur.kind == "table":
            self._close()
        if line.kind == "plain":
            self._body(text, line)
            self.prev_text = text
            return
        num = parse_number(text, self.stack)
        if num is not None and self._wrapped_paren_number(num):
            num = None  # "... within ten" / "(10) business days.": a wrapped line, not a new clause
        if num is not None:
            self._numbered(num, line)
        elif _SIGNATURE_RE.match(text):
            self._signature(text, line)
        elif self.cur is not None and self.cur.kind == "signature" \
                and (self.prev_text is None or line.page not in self.cur.pages) and self._party_name(idx, text, line):
            self._close()  # the next party's block, after a gap: a block of its own
            self._signature(text, line)
        elif self.cur is not None and self.cur.kind == "signature" and self._sig_continues(text):
            self.cur.add(text, line.page)
        elif self.cur is not None and self.cur.only_number and looks_like_heading(text, hinted=line.heading):
            # "ARTICLE IV" then "RESPONSIBILITIES" on the next line: the number's title.
            title = text.strip().rstrip(".:")
            self.cur.heading, self.cur.own_heading, self.cur.only_number = title, True, False
            self.cur.title_open, self.cur.title_line = True, line
            self.cur.add(text, line.page)
            if self.stack:
                self.stack[-1].heading = title
            self.sig_section = is_signature_heading(title)
        elif self._continues_title(idx, text, line):
            self._extend_title(text, line)
        elif self._party_name(idx, text, line):
            self._signature(text, line)
        elif self._is_heading_line(idx, text, line):
            self._heading(text, line, level)
        else:
            self._body(text, line)
        self.prev_text = text

    def _wrapped_paren_number(self, num: Number) -> bool:
        """A number opening a line in the middle of a sentence that does not continue the
        outline restates a quantity ("within ten / (10) business days", "of First / 5. First
        5 funds"); it numbers nothing."""
        prev = (self.prev_text or "").rstrip()
        if self.cur is None or self.cur.kind != "clause" or not prev[-1:].isalnum():
            return False
        if num.style == "paren-num":
            return num.rest[:1].islower()
        # "5." after a line cut mid-phrase, where the outline would not number next
        return (num.style == "decimal-1" and len(prev) > 30
                and not self._continues_outline(num))

    def _continues_outline(self, num: Number) -> bool:
        """'3' after '2', '2.1' under '2', '1' to start: the next number an outline would use."""
        parts = num.label.split(".")
        if not all(p.isdigit() for p in parts):
            return True
        parent, last = parts[:-1], int(parts[-1])
        same = [e for e in self.stack if e.style == num.style]
        if same:
            prev = same[-1].label.split(".")
            if prev[:-1] == parent and prev[-1].isdigit() and int(prev[-1]) + 1 == last:
                return True
        return last in (0, 1) and (not parent or any(e.label == ".".join(parent) for e in self.stack))

    def _blank(self) -> None:
        self.prev_text = None
        if self.cur is None:
            return
        if self.cur.kind == "clause" and self.cur.section is None:
            self._close()  # unnumbered paragraphs stay separate clauses
        elif self.cur.kind == "heading":
            self._close()

    def _table_row(self, text: str, line: Line) -> None:
        if self.cur is None or self.cur.kind != "table" or self.cur.block != line.block:
            self._close()
            sec = self.stack[-1].section if self.stack else None
            self.cur = _Building("table", sec, self._path(), self._context_heading(), block=line.block,
                                 sep="\n")
        self.cur.add(text, line.page)
        self.prev_text = text

    def _numbered(self, num: Number, line: Line) -> None:
        self._close()
        self._place(num)
        if not self.stack and num.rank is not None and num.rank <= 1:
            self.unnumbered_heading = None  # an Article or Exhibit leaves the old heading behind
        title, _ = _short_title(num.rest)
        if title is None and num.rest and line.level is not None:
            title = num.rest.strip().rstrip(".:")
        parent_heading = self._context_heading()
        entry = _Entry(num.style, num.label, num.section, num.rank, title or parent_heading)
        self.stack.append(entry)
        self.cur = _Building("clause", num.section, self._path(), title or parent_heading,
                             own_heading=title is not None)
        self.cur.only_number = not num.rest
        whole_title = title is not None and looks_like_heading(num.rest)
        self.cur.title_open, self.cur.title_line = whole_title, line
        self.sig_section = title is not None and is_signature_heading(title)
        if num.rest:
            self.cur.add(num.rest, line.page)
        elif line.page not in self.cur.pages:
            self.cur.pages.append(line.page)

    def _heading(self, text: str, line: Line, level: int | None) -> None:
        title = text.strip().strip("*_").strip()
        if self.cur is not None and self.cur.kind == "heading" and self.prev_text is not None:
            self.cur.add(title, line.page)  # a heading wrapped over two lines
            self.cur.heading = join_lines(self.cur.lines)
            self.unnumbered_heading = self.cur.heading
            return
        self._close()
        if level is None or level <= 2:
            self.stack.clear()  # a free-standing heading starts a new outline
        self.unnumbered_heading = title
        self.sig_section = is_signature_heading(title)
        self.cur = _Building("heading", None, self._path(), title, own_heading=True)
        self.cur.add(title, line.page)

    def _signature(self, text: str, line: Line) -> None:
        if self.cur is None or self.cur.kind != "signature":
            carried: list[str] = []
            pages: list[int] = []
            if self.sig_section:
                pass  # the heading above is the section's ("SIGNATURES"), not a party's name
            elif self.cur is not None and self.cur.kind == "heading" and self.cur.section is None:
                carried, pages = self.cur.lines, self.cur.pages  # party name just above "By:"
                self.cur = None
            elif self.cur is None and self.clauses and self.clauses[-1].kind == "heading" \
                    and self.clauses[-1].section is None and len(self.clauses[-1].text) <= 90:
                last = self.clauses.pop()
                carried, pages = [last.text], last.pages
            self._close()
            heading = self._context_heading() if self.sig_section else "Signatures"
            self.cur = _Building("signature", None, self._path(), heading)
            self.cur.lines.extend(carried)
            self.cur.pages.extend(pages)
        self.cur.add(text, line.page)

    @staticmethod
    def _sig_continues(text: str) -> bool:
        return len(text) <= 60 and not text.rstrip().endswith((".", ";")) or bool(
            re.match(r"^[A-Z][a-z]+\.? [A-Z]\. [A-Z][a-z]+", text))

    def _body(self, text: str, line: Line) -> None:
        if self.cur is not None and self.cur.kind in ("heading", "signature", "table"):
            self._close()
        if self.cur is not None:
            self.cur.title_open = False
        if self.cur is None:
            # an unnumbered paragraph may open with a run-in title: "Liaisons. Each party ..."
            title, _ = _short_title(text) if not looks_like_heading(text) else (None, text)
            self.cur = _Building("clause", None, self._path(), title or self._context_heading(),
                                 own_heading=title is not None)
        self.cur.only_number = False
        self.cur.add(text, line.page)


def segment(lines: Sequence[Line], *, markdown: bool = False) -> list[Clause]:
    """Clauses of a document, in reading order, from its lines (blank lines included)."""
    return Segmenter(lines, markdown=markdown).run()


def guess_title(clauses: Sequence[Clause]) -> str | None:
    """The document title: the first heading before any numbered clause."""
    for c in clauses:
        if c.kind == "heading" and c.section is None:
            return c.text
        if c.section is not None or c.kind == "clause":
            break
    return None
