"""Parse rule-language text into the AST, reporting every syntax error of a file.

Each top-level item (`rule`, `terms`, `param`) is parsed on its own so that one
mistake does not hide the next: the file's errors all come out in one run.
"""
from __future__ import annotations

from typing import Any

import ast as py_ast
import datetime as dt
import functools
import json
import re
from pathlib import Path

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from checker import resources
from checker.dsl import ast
from checker.dsl.errors import Diagnostic, did_you_mean
from checker.dsl.codes import code

GRAMMAR_PATH = resources.grammar_path()  # installed copy, or the checkout's grammar/
MAX_FILE_BYTES = 1_000_000
MAX_NESTING = 40

KEYWORDS = (
    "terms param rule status source value describe element applies types severity effective "
    "until cite alias when for_each in where label require example facts or and not true false"
).split()
ATTRIBUTE_KEYWORDS = (
    "element applies types severity effective cite describe alias when for_each require example"
).split()

# What each terminal means to a rule author.
TERMINAL_WORDS = {
    "RULE_ID": "a rule id such as MOU.LIAISON",
    "IDENT": "a name (lower case, e.g. liaison or clr.closure_notice_days)",
    "STRING": 'a quoted text "..."',
    "LONG_STRING": 'a quoted text """..."""',
    "NUMBER": "a number",
    "DATE": "a date YYYY-MM-DD",
    "EQUALS": "'='",
    "COMMA": "','",
    "LPAR": "'('",
    "RPAR": "')'",
    "LBRACKET": "'['",
    "RBRACKET": "']'",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'*'",
    "SLASH": "'/'",
    "COMP_OP": "a comparison (<, <=, ==, !=, >=, >)",
    "VERDICT": "met or gap",
    "PARAM_STATUS": "confirmed or unconfirmed",
    "KIND_NAME": "mou or plan-report",
    "SEVERITY_NAME": "high, medium, low or advisory",
    "UNIT": "a unit (days, business_days, calendar_days, hours, weeks, months, years, percent, per_year)",
    "$END": "the end of the file",
}
_ITEM_START = re.compile(r"^\s*(rule|terms|param)\b")


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(GRAMMAR_PATH.read_text(encoding="utf-8"), parser="lalr", propagate_positions=True)


def _words(terminal: str) -> str:
    if terminal in TERMINAL_WORDS:
        return TERMINAL_WORDS[terminal]
    if terminal.isupper() and terminal.lower() in KEYWORDS:
        return f"'{terminal.lower()}'"
    return terminal.lower()


def _expected_phrase(expected: set[str]) -> str:
    words = sorted({_words(t) for t in expected if not t.startswith("__")})
    if len(words) > 8:
        words = words[:8] + ["..."]
    return ", ".join(words)


def _unquote(token: str) -> str:
    """The text of a string token; escapes as in JSON (what `rules fmt` writes) or Python.

    Only string literals are decoded; nothing is evaluated. A token neither decoder accepts
    (e.g. with a raw NUL byte) keeps its characters as written, less the quotes.
    """
    if token.startswith('"""'):
        return token[3:-3]
    try:
        return json.loads(token, strict=False)
    except ValueError:
        pass
    try:
        value = py_ast.literal_eval(token)
        if isinstance(value, str):
            return value
    except (ValueError, SyntaxError):
        pass
    return token[1:-1].replace('\\"', '"')


class _ItemError(Exception):
    """A problem found while building the AST of an item that parsed (e.g. 2024-02-30)."""

    def __init__(self, line: int, col: int, code: str, message: str, width: int = 1):
        super().__init__(message)
        self.line, self.col, self.code, self.message, self.width = line, col, code, message, width


class _ToAst(Transformer):
    """Lark tree -> frozen AST; keeps line/col of names and rules for diagnostics."""

    def __init__(self, file: str, line_offset: int):
        super().__init__()
        self.file = file
        self.off = line_offset

    def _ln(self, meta_or_token: object) -> tuple[int, int]:
        line = getattr(meta_or_token, "line", 0) or 0
        col = getattr(meta_or_token, "column", 0) or 0
        return line + self.off, col

    def _date(self, tok: Token) -> dt.date:
        try:
            return dt.date.fromisoformat(str(tok))
        except ValueError:
            raise _ItemError(tok.line + self.off, tok.column, code("impossible-date"), f"'{tok}' is not a real date",
                             len(str(tok))) from None

    # -- leaves
    def string_list(self, items: list) -> tuple[str, ...]:
        return tuple(_unquote(str(t)) for t in items if not (isinstance(t, Token) and t.type == "COMMA"))

    def quantity(self, items: list) -> ast.Quantity:
        number = float(items[0])
        unit = str(items[1]) if len(items) > 1 else None
        return ast.Quantity(number, _canonical_unit(unit))

    def ident_list(self, items: list) -> tuple[str, ...]:
        return tuple(str(t) for t in items if t.type == "IDENT")

    # -- terms / params
    @v_args(meta=True)
    def terms_def(self, meta, items: list) -> ast.TermSet:
        line, col = self._ln(meta)
        return ast.TermSet(str(items[1]), items[3], file=self.file, line=line, col=col)

    def param_status(self, items: list) -> tuple:
        return ("status", str(items[1]))

    def param_source(self, items: list) -> tuple:
        return ("source", _unquote(str(items[1])))

    def param_value(self, items: list) -> tuple:
        return ("value", ast.ParamValue(items[1], _unquote(str(items[3]))))

    def param_describe(self, items: list) -> tuple:
        return ("describe", _unquote(str(items[1])))

    @v_args(meta=True)
    def param_def(self, meta, items: list) -> ast.Param:
        line, col = self._ln(meta)
        name = str(items[1])
        first: ast.Quantity | None = items[3] if len(items) > 3 and isinstance(items[3], ast.Quantity) else None
        attrs = [i for i in items if isinstance(i, tuple)]
        status = next((v for k, v in attrs if k == "status"), None)
        source = next((v for k, v in attrs if k == "source"), None)
        describe = next((v for k, v in attrs if k == "describe"), None)
        values = [v for k, v in attrs if k == "value"]
        if first is not None:
            values.insert(0, ast.ParamValue(first, source))
        return ast.Param(name, tuple(values), status, describe, file=self.file, line=line, col=col)

    # -- rules
    def _attr(self, name: str, value: object, token: Token) -> tuple:
        return (name, value, token.line + self.off)

    def attr_element(self, items):
        return self._attr("element", str(items[1]), items[0])

    def attr_applies(self, items):
        return self._attr("applies", str(items[1]), items[0])

    def attr_types(self, items):
        return self._attr("types", items[1], items[0])

    def attr_severity(self, items):
        return self._attr("severity", str(items[1]), items[0])

    def attr_effective(self, items):
        start = self._date(items[1])
        until = self._date(items[3]) if len(items) > 3 else None
        return self._attr("effective", (start, until), items[0])

    def attr_cite(self, items):
        return self._attr("cite", _unquote(str(items[1])), items[0])

    def attr_describe(self, items):
        return self._attr("describe", _unquote(str(items[1])), items[0])

    def attr_alias(self, items):
        return self._attr("alias", str(items[1]), items[0])

    def attr_when(self, items):
        return self._attr("when", items[1], items[0])

    def attr_require(self, items):
        return self._attr("require", items[1], items[0])

    def attr_example_text(self, items):
        ex = ast.Example(str(items[1]), text=_unquote(str(items[2])), line=items[0].line + self.off)
        return self._attr("example", ex, items[0])

    def attr_example_facts(self, items):
        ex = ast.Example(str(items[1]), facts=_unquote(str(items[3])), line=items[0].line + self.off)
        return self._attr("example", ex, items[0])

    def binding(self, items):
        return ast.Binding(str(items[0]), items[2])

    def expr_list(self, items):
        return tuple(i for i in items if not (isinstance(i, Token) and i.type == "COMMA"))

    def attr_for_each(self, items):
        bindings = tuple(i for i in items if isinstance(i, ast.Binding))
        where = None
        labels: tuple = ()
        for idx, item in enumerate(items):
            if isinstance(item, Token) and item.type == "WHERE":
                where = items[idx + 1]
            if isinstance(item, Token) and item.type == "LABEL":
                labels = items[idx + 1]
        return self._attr("for_each", ast.ForEach(bindings, where, labels), items[0])

    @v_args(meta=True)
    def rule(self, meta, items: list) -> ast.Rule:
        line, col = self._ln(meta)
        fields: dict = {"citations": [], "aliases": [], "examples": [], "types": ()}
        attr_lines = []
        for name, value, attr_line in items[3:]:
            attr_lines.append((name, attr_line))
            if name == "cite":
                fields["citations"].append(value)
            elif name == "alias":
                fields["aliases"].append(value)
            elif name == "example":
                fields["examples"].append(value)
            elif name == "effective":
                fields["effective_from"], fields["effective_until"] = value
            elif name == "describe":
                fields["description"] = value
            else:
                if name in fields and name not in ("types",):
                    attr_lines.append(("duplicate:" + name, attr_line))
                fields[name] = value
        return ast.Rule(
            id=str(items[1]),
            title=_unquote(str(items[2])),
            element=fields.get("element"),
            applies=fields.get("applies"),
            types=tuple(fields["types"]),
            severity=fields.get("severity"),
            effective_from=fields.get("effective_from"),
            effective_until=fields.get("effective_until"),
            citations=tuple(fields["citations"]),
            description=fields.get("description"),
            aliases=tuple(fields["aliases"]),
            when=fields.get("when"),
            for_each=fields.get("for_each"),
            require=fields.get("require"),
            examples=tuple(fields["examples"]),
            file=self.file,
            line=line,
            col=col,
            attr_lines=tuple(attr_lines),
        )

    # -- expressions
    def name(self, items):
        tok = items[0]
        return ast.Name(str(tok), tok.line + self.off, tok.column)

    def text(self, items):
        tok = items[0]
        return ast.Text(_unquote(str(tok)), tok.line + self.off, tok.column)

    def num(self, items):
        tok = items[0]
        return ast.Num(self.quantity(items), tok.line + self.off, tok.column)

    def date(self, items):
        tok = items[0]
        return ast.DateLit(self._date(tok), tok.line + self.off, tok.column)

    def true(self, items):
        return ast.Bool(True)

    def false(self, items):
        return ast.Bool(False)

    def param_ref(self, items):
        tok = items[1]
        return ast.ParamRef(str(tok), tok.line + self.off, tok.column)

    def call(self, items):
        tok = items[0]
        args = items[2] if len(items) > 3 and items[2] is not None else ()
        return ast.Call(str(tok), tuple(args), tok.line + self.off, tok.column)

    def arguments(self, items):
        return tuple(i for i in items if not (isinstance(i, Token) and i.type == "COMMA"))

    def filtered(self, items):
        return ast.Filtered(items[0], items[2])

    def not_op(self, items):
        return ast.Not(items[1], items[0].line + self.off, items[0].column)

    def atom(self, items):  # parenthesised expression
        return items[1]

    def _fold_bool(self, items, op):
        operands = tuple(i for i in items if not isinstance(i, Token))
        return ast.BoolOp(op, operands)

    def or_expr(self, items):
        return self._fold_bool(items, "or")

    def and_expr(self, items):
        return self._fold_bool(items, "and")

    def comparison(self, items):
        return ast.Compare(str(items[1]), items[0], items[2], items[1].line + self.off, items[1].column)

    def sum(self, items):
        left = items[0]
        for i in range(1, len(items), 2):
            left = ast.Arith(str(items[i]), left, items[i + 1], items[i].line + self.off, items[i].column)
        return left

    product = sum

    def index(self, items):
        return ast.Index(items[0], items[2])

    def start(self, items):
        return tuple(items)


_UNIT_ALIASES = {"day": "days", "hour": "hours", "week": "weeks", "month": "months", "year": "years",
                 "working_days": "business_days"}


def _canonical_unit(unit: str | None) -> str | None:
    return _UNIT_ALIASES.get(unit, unit) if unit else None


def split_items(text: str) -> list[tuple[int, str]]:
    """Cut a file into (first line number, chunk) per top-level item, outside long strings."""
    chunks: list[tuple[int, list[str]]] = [(1, [])]
    in_long = False
    # only "\n" ends a line, as for the lexer: str.splitlines() would also cut at U+2028,
    # U+0085 or a form feed inside a quoted text and start a bogus item there
    for number, line in enumerate(re.findall(r"[^\n]*\n|[^\n]+$", text), start=1):
        if not in_long and _ITEM_START.match(line) and chunks[-1][1] and any(
            l.strip() and not l.strip().startswith("#") for l in chunks[-1][1]
        ):
            chunks.append((number, []))
        chunks[-1][1].append(line)
        if line.count('"""') % 2 == 1:
            in_long = not in_long
    return [(start, "".join(lines)) for start, lines in chunks]


def _nesting_depth(text: str) -> tuple[int, int]:
    """Deepest bracket nesting outside strings, and the line where it is reached."""
    depth = best = 0
    best_line = line = 1
    in_str = False
    prev = ""
    for ch in text:
        if ch == "\n":
            line += 1
        if ch == '"' and prev != "\\":
            in_str = not in_str
        elif not in_str and ch in "([":
            depth += 1
            if depth > best:
                best, best_line = depth, line
        elif not in_str and ch in ")]":
            depth -= 1
        prev = ch
    return best, best_line


def _accepted_terminals(err: UnexpectedInput) -> set[str]:
    """Terminals the parser would really accept here (the lexer's own set is wider)."""
    interactive = getattr(err, "interactive_parser", None)
    if interactive is not None:
        try:
            return set(interactive.accepts())
        except Exception:  # noqa: BLE001 - fall back to what the exception lists
            pass
    return set(getattr(err, "expected", None) or getattr(err, "allowed", None) or [])


def _syntax_diagnostic(err: UnexpectedInput, file: str, chunk: str, offset: int) -> Diagnostic:
    line = (getattr(err, "line", 1) or 1)
    col = (getattr(err, "column", 1) or 1)
    src_line = chunk.splitlines()[line - 1] if 0 < line <= len(chunk.splitlines()) else ""
    word_match = re.match(r"[A-Za-z_][\w.\-]*", src_line[col - 1:]) if src_line else None
    word = word_match.group(0) if word_match else (src_line[col - 1:col] if src_line else "")
    expected = _accepted_terminals(err)
    if isinstance(err, UnexpectedEOF):
        message = "the file ends in the middle of an item"
        word = ""
    elif isinstance(err, UnexpectedToken) and err.token.type == "$END":
        message = "the item ends too early"
    elif word:
        message = f"unexpected '{word}'"
    else:
        message = "unexpected character"
    hint_parts = []
    if expected:
        hint_parts.append("expected " + _expected_phrase(expected))
    keyword_pool = [t.lower() for t in expected if t.lower() in KEYWORDS] or ATTRIBUTE_KEYWORDS
    suggestion = did_you_mean(word, keyword_pool) if word else None
    if suggestion:
        hint_parts.append(suggestion)
    if "RPAR" in expected and word in KEYWORDS:
        hint_parts.insert(0, "a '(' opened earlier is not closed")
    if isinstance(err, UnexpectedCharacters) and src_line[col - 1:col] == '"':
        hint_parts.append("a text must open and close its quotes on one line (or use triple quotes)")
    return Diagnostic(file, line + offset, col, code("syntax-error"), message, "; ".join(hint_parts) or None,
                      width=max(len(word), 1))


def parse_rules_text(text: str, file: str = "<text>") -> tuple[tuple[ast.Item, ...], list[Diagnostic]]:
    """Parse a whole rule file: the items that parsed, and a diagnostic per broken item."""
    diagnostics: list[Diagnostic] = []
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return (), [Diagnostic(file, 1, 1, code("file-too-large"), f"rule file is larger than {MAX_FILE_BYTES // 1000} kB",
                               "split it into several files")]
    items: list[ast.Item] = []
    for start, chunk in split_items(text):
        if not chunk.strip():
            continue
        depth, depth_line = _nesting_depth(chunk)
        if depth > MAX_NESTING:
            diagnostics.append(Diagnostic(file, depth_line + start - 1, 1, code("nested-too-deep"),
                                          f"expressions nest {depth} levels deep (limit {MAX_NESTING})",
                                          "split the condition into simpler rules or term sets"))
            continue
        tree, chunk_diags = _parse_chunk(chunk, file, start - 1)
        if tree is None:
            diagnostics.extend(chunk_diags)
            continue
        try:
            items.extend(_ToAst(file, start - 1).transform(tree))
        except VisitError as err:
            inner = err.orig_exc
            if not isinstance(inner, _ItemError):
                raise
            diagnostics.append(Diagnostic(file, inner.line, inner.col, inner.code, inner.message,
                                          "write dates as YYYY-MM-DD", inner.width))
    return tuple(items), diagnostics


MAX_ERRORS_PER_ITEM = 10


def _parse_chunk(chunk: str, file: str, offset: int) -> tuple[Any, list[Diagnostic]]:
    """One item parsed once: its tree, or None and every syntax error it holds."""
    try:
        return _parser().parse(chunk), []
    except UnexpectedInput:
        return None, _chunk_syntax_errors(chunk, file, offset)


def _chunk_syntax_errors(chunk: str, file: str, offset: int) -> list[Diagnostic]:
    """Every syntax error of one item: after each, blank the offending line and parse again."""
    found: list[Diagnostic] = []
    lines = chunk.split("\n")
    for _ in range(MAX_ERRORS_PER_ITEM):
        try:
            _parser().parse("\n".join(lines))
            return found
        except UnexpectedInput as err:
            diag = _syntax_diagnostic(err, file, "\n".join(lines), offset)
            line = (getattr(err, "line", 0) or 0) - 1
            ends_early = isinstance(err, UnexpectedEOF) or (
                isinstance(err, UnexpectedToken) and err.token.type == "$END")
            if any(d.line == diag.line for d in found):
                return found
            found.append(diag)
            unclosed = "RPAR" in _accepted_terminals(err) or "RBRACKET" in _accepted_terminals(err)
            if unclosed or ends_early or line <= 0 or line >= len(lines):
                return found  # the item header or its end: nothing sensible to resume from
            lines[line] = ""
    return found


def parse_file(path: Path) -> tuple[ast.RuleFile, list[Diagnostic], str]:
    """Read and parse one `.rules` file; unreadable files become a diagnostic, not a crash."""
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            raise ValueError(f"larger than {MAX_FILE_BYTES // 1000} kB")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return ast.RuleFile(str(path), ()), [Diagnostic(str(path), 1, 1, code("unreadable-rules"), f"cannot read rule file: {exc}")], ""
    items, diags = parse_rules_text(text, str(path))
    return ast.RuleFile(str(path), items), diags, text
