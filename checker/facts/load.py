"""Read a plan report file (YAML or JSON) into a validated :class:`PlanReport`.

Users fix reports by hand, so every problem in a file is reported at once, each as
``file:line: field.path: what was expected``. YAML is parsed with a safe loader that also
refuses aliases (the "billion laughs" expansion), and files are size-bounded.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from checker.facts.models import PlanReport

MAX_BYTES = 5 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
SUFFIXES = (".yaml", ".yml", ".json")
MAX_DEPTH = 64  # nesting levels of mappings and lists
# Top-level fields of a plan report: a mapping with several of them but no (or a misspelt)
# `kind:` was meant as a plan report and is reported as an invalid one, never passed over.
REPORT_FIELDS = frozenset({"plan", "cac", "filings", "mous", "quality", "reinvestment", "primary_care"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a report; `line` is 1-based, None when unknown."""

    line: int | None
    field: str
    message: str

    def render(self, path: Path | str) -> str:
        where = f"{path}:{self.line}" if self.line is not None else f"{path}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PlanReportError(ValueError):
    """A plan report could not be read or validated; the message lists every problem."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = Path(path)
        self.problems = problems
        count = len(problems)
        header = f"{path}: invalid plan report ({count} problem{'s' if count != 1 else ''})"
        super().__init__("\n".join([header, *(p.render(path) for p in problems)]))


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (a small file cannot expand into a huge one) and
    nesting deeper than MAX_DEPTH (PyYAML composes recursively: deep nesting would end in a
    RecursionError instead of a positioned error)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in plan reports",
                event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_DEPTH} levels deep; plan reports are shallower than that",
                self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Keep dates as text while parsing: pydantic then checks them with a located, readable error
# (PyYAML would otherwise crash on 2025-02-30 without saying where).
_NoAliasLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def safe_yaml(text: str) -> Any:
    """Parse YAML safely, refusing aliases and nesting deeper than MAX_DEPTH (raises yaml.YAMLError)."""
    return _parse_yaml(text)[0]


def _yaml_problem(exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    text = f"malformed YAML: {f'{context}: ' if context else ''}{problem}"
    if mark is None:
        return Problem(None, "", text)
    return Problem(mark.line + 1, "", f"{text} (column {mark.column + 1})")


def _read_text(path: Path) -> str:
    return _read_bytes(path).decode_for(path)


class _Raw(bytes):
    """A plan report's bytes, read once: hashed for the report and decoded for the parser."""

    def decode_for(self, path: Path) -> str:
        try:
            return self.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PlanReportError(path, [Problem(None, "", f"not UTF-8 text ({exc.reason})")]) from None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self).hexdigest()


def _read_bytes(path: Path) -> _Raw:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PlanReportError(path, [Problem(None, "", f"cannot read file: {exc.strerror}")])
    if size > MAX_BYTES:
        raise PlanReportError(
            path,
            [Problem(None, "", f"file is {size} bytes; plan reports are limited to {MAX_BYTES}")],
        )
    try:
        return _Raw(path.read_bytes())
    except OSError as exc:
        raise PlanReportError(path, [Problem(None, "", f"cannot read file: {exc.strerror}")])


def _parse(path: Path, text: str) -> tuple[Any, yaml.Node | None]:
    """Return (data, YAML node tree for line numbers or None)."""
    if path.suffix.lower() == ".json":
        deep = _json_too_deep(text)
        if deep is not None:
            raise PlanReportError(path, [Problem(deep[0], "", f"JSON nested more than {MAX_DEPTH} levels deep "
                                                              f"(column {deep[1]}); plan reports are shallower")])
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PlanReportError(
                path, [Problem(exc.lineno, "", f"malformed JSON: {exc.msg} (column {exc.colno})")]
            ) from None
        try:  # JSON is nearly a YAML subset: borrow the YAML composer for line numbers
            node = _parse_yaml(text)[1]
        except yaml.YAMLError:
            node = None
        return data, node
    try:
        return _parse_yaml(text)
    except yaml.YAMLError as exc:
        raise PlanReportError(path, [_yaml_problem(exc)]) from None


def _json_too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) where JSON nesting first exceeds MAX_DEPTH, or None.

    json.loads recurses per level and raises RecursionError on deep input; this scan
    (brackets outside strings) finds the place first.
    """
    depth, in_string, escaped, line, line_start = 0, False, False, 1, 0
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, i - line_start + 1
        elif ch in "]}":
            depth -= 1
        if ch == "\n":
            line, line_start = line + 1, i + 1
    return None


def _node_at(root: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """The YAML node a pydantic error location points at (the key node for the last step)."""
    node = root
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if pair is None:
                break
            node = pair[0] if last else pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
        else:
            break
    return node


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _model_fields_at(loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed where an unknown key was found, for 'did you mean'."""
    current: Any = PlanReport
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) is list and isinstance(part, int):
            current = typing.get_args(current)[0]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional / Annotated so we can see the model underneath."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _message(error: dict[str, Any]) -> str:
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        allowed = _model_fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; expected one of: {', '.join(allowed)}" if allowed else ""
        )
        return f"unknown field '{loc[-1]}'{hint}"
    if error["type"] == "missing":
        return "required field is missing"
    kind, ctx, got = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "literal_error":
        return f"expected {ctx['expected']}, got {got!r}"
    if kind == "less_than_equal":
        return f"expected a number no greater than {ctx['le']}, got {got!r}"
    if kind == "greater_than_equal":
        return f"expected a number no less than {ctx['ge']}, got {got!r}"
    if kind == "string_pattern_mismatch":
        return f"expected a web address starting with http:// or https://, got {got!r}"
    if kind == "string_too_short":
        return "must not be empty"
    expected = _EXPECTED.get(kind)
    if expected:
        return f"expected {expected}, got {type(got).__name__} {got!r}"
    return error["msg"]


_EXPECTED = {
    "float_type": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_parsing": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _problems(err: ValidationError, node: yaml.Node | None) -> list[Problem]:
    problems = []
    for error in err.errors():
        loc = tuple(error["loc"])
        target = _node_at(node, loc)
        line = target.start_mark.line + 1 if target is not None else None
        problems.append(Problem(line, _field_path(loc), _message(error)))
    return sorted(problems, key=lambda p: (p.line or 0, p.field))


def load_plan_report(path: str | Path) -> PlanReport:
    """Load and validate a `.yaml`/`.yml`/`.json` plan report; raise PlanReportError."""
    return load_plan_report_hashed(path)[0]


def load_plan_report_hashed(path: str | Path) -> tuple[PlanReport, str]:
    """The validated report and the SHA-256 of the bytes it was read from (one read of the file)."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise PlanReportError(
            path, [Problem(None, "", f"expected a .yaml, .yml or .json file, got '{path.suffix}'")]
        )
    raw = _read_bytes(path)
    data, node = _parse(path, raw.decode_for(path))
    if not isinstance(data, dict):
        raise PlanReportError(
            path, [Problem(1, "", "expected a mapping at the top level with `kind: plan-report`")]
        )
    try:
        return PlanReport.model_validate(data), raw.sha256
    except ValidationError as err:
        raise PlanReportError(path, _problems(err, node)) from None


def is_plan_report(path: str | Path) -> bool:
    """A YAML/JSON file the run must check as a plan report (see `skip_reason`)."""
    path = Path(path)
    return path.suffix.lower() in SUFFIXES and path.is_file() and skip_reason(path) is None


def skip_reason(path: str | Path) -> str | None:
    """None when a YAML/JSON file is, or was meant to be, a plan report; else why it is passed over.

    A file with a top-level `kind: plan-report` is one. So is a mapping whose `kind:` is a
    near miss (`plan_report`, `plan-reprot`) or that lacks `kind:` but has plan-report fields
    (`plan:`, `cac:`, ...): those are checked and fail validation with a "did you mean", so a
    typo never turns a report into a silent pass. Anything else (a list, a scalar, a mapping of
    another kind, a file that is not YAML) is passed over with the sentence returned here.
    Unreadable files count as plan reports: the loader then reports them as errors.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    if _top_level_kind(head, path) == "plan-report":
        return None
    if size > MAX_BYTES:
        return ("is larger than a plan report may be and does not start with `kind: plan-report`; "
                "not a plan report")
    try:
        data = _parse(path, path.read_text(encoding="utf-8"))[0]
    except (PlanReportError, UnicodeDecodeError, OSError, RecursionError):
        if "plan-report" in head:
            return None  # meant as a plan report: the loader says what is wrong
        return f"is not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}, so not a plan report"
    fmt = "JSON" if path.suffix.lower() == ".json" else "YAML"
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {fmt} {_shape(data)}, not a mapping"
        return f"is {what}; a plan report is a mapping starting with `kind: plan-report`"
    kind = data.get("kind")
    if kind is None:
        if len(REPORT_FIELDS & {str(k) for k in data}) >= 2:
            return None
        return "has no `kind:` key; a plan report starts with `kind: plan-report`"
    if isinstance(kind, str) and _near(kind):
        return None
    return f"has `kind: {kind}`, not `kind: plan-report`"


def _shape(data: Any) -> str:
    return "list" if isinstance(data, list) else f"scalar ({type(data).__name__})"


def _near(kind: str) -> bool:
    norm = kind.strip().lower().replace("_", "-").replace(" ", "-")
    return norm == "plan-report" or difflib.SequenceMatcher(None, norm, "plan-report").ratio() >= 0.75


def _top_level_kind(head: str, path: Path) -> str | None:
    """The value of a top-level `kind:` found by reading lines, without parsing (fast path)."""
    if "plan-report" not in head:
        return None
    if path.suffix.lower() == ".json":
        try:
            value = json.loads(head)
        except (ValueError, RecursionError):
            return None
        return value.get("kind") if isinstance(value, dict) else None
    for line in head.splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped or stripped.startswith(("---", "%")):
            continue
        if stripped.startswith((" ", "\t", "-")):
            continue  # nested or list content: not a top-level key
        key, sep, value = stripped.partition(":")
        if sep and key.strip() == "kind":
            return value.strip().strip("'\"")
    return None
