"""Load a rules folder into a checked, compiled RuleSet (what `check` and `lint` use)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker import resources
from checker.dsl import ast
from checker.engine.compile import CompiledRule, CompileError, TextCompiler, check_fact_expr, params_used
from checker.dsl.errors import Diagnostic, RuleSetError, did_you_mean
from checker.dsl.parser import parse_file
from checker.engine.facts_eval import quantity_value
from checker.dsl.codes import code

DEFAULT_RULES_DIR = resources.rules_dir()  # installed copy, or the checkout's rules/
MAX_RULE_FILES = 500
_REQUIRED = ("element", "applies", "severity", "require")


@dataclass
class RuleSet:
    rules: list[CompiledRule] = field(default_factory=list)
    terms: dict[str, ast.TermSet] = field(default_factory=dict)
    params: dict[str, ast.Param] = field(default_factory=dict)
    elements: dict[str, dict[str, Any]] = field(default_factory=dict)
    mou_types: dict[str, dict[str, Any]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    root: Path = DEFAULT_RULES_DIR
    data_dir: Path = DEFAULT_RULES_DIR / "data"  # the reference data every part of a run reads

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def unconfirmed_params(self) -> list[str]:
        return sorted(n for n, p in self.params.items() if not p.confirmed)

    def param_choices(self, name: str) -> list[float]:
        """Every sourced value of a parameter in canonical units (several = a conflict)."""
        return [quantity_value(v.quantity) for v in self.params[name].values]

    def find(self, rule_id: str) -> CompiledRule | None:
        for r in self.rules:
            if r.id == rule_id or rule_id in r.rule.aliases:
                return r
        return None

    def render_diagnostics(self, diagnostics: list[Diagnostic] | None = None) -> str:
        return "\n".join(d.render(self.sources.get(d.file)) for d in (diagnostics or self.diagnostics))


def rule_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.rules") if p.is_file())


def _load_yaml(path: Path, key: str, diagnostics: list[Diagnostic]) -> dict[str, dict[str, Any]]:
    if not path.exists():
        diagnostics.append(Diagnostic(str(path), 1, 1, code("bad-data-file"), f"missing data file {path.name}",
                                      f"the rules folder needs data/{path.name} with a top-level '{key}:' mapping"))
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        diagnostics.append(Diagnostic(str(path), line, col, code("bad-data-file"), f"cannot read data file: {exc}"))
        return {}
    table = data.get(key) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        diagnostics.append(Diagnostic(str(path), 1, 1, code("bad-data-file"), f"data file has no top-level '{key}:' mapping"))
        return {}
    return {str(k): (v or {}) for k, v in table.items()}


def load_ruleset(root: Path | str | None = None, *, strict: bool = True) -> RuleSet:
    """Parse, check and compile every `.rules` file under `root`.

    With `strict`, any error raises RuleSetError carrying all diagnostics; without it
    (for `rules lint`), the RuleSet comes back with its diagnostics for reporting.
    """
    root = Path(root) if root else DEFAULT_RULES_DIR
    rs = RuleSet(root=root)
    if not root.exists():
        rs.diagnostics.append(Diagnostic(str(root), 0, 0, code("unreadable-rules"), "rules folder or file does not exist"))
        return _finish(rs, strict)
    data_dir = (root if root.is_dir() else root.parent) / "data"
    if not data_dir.exists():  # a folder of extra rules shares the shipped reference data
        data_dir = DEFAULT_RULES_DIR / "data"
    rs.data_dir = data_dir
    rs.elements = _load_yaml(data_dir / "elements.yaml", "elements", rs.diagnostics)
    rs.mou_types = _load_yaml(data_dir / "mou_types.yaml", "types", rs.diagnostics)
    files = rule_files(root)
    if len(files) > MAX_RULE_FILES:
        rs.diagnostics.append(Diagnostic(str(root), 0, 0, code("unreadable-rules"), f"more than {MAX_RULE_FILES} rule files"))
        return _finish(rs, strict)
    items: list[ast.Item] = []
    for path in files:
        parsed, diags, text = parse_file(path)
        rs.sources[str(path)] = text
        rs.diagnostics.extend(diags)
        items.extend(parsed.items)
    _collect_definitions(rs, items)
    for item in items:
        if isinstance(item, ast.Rule):
            _check_rule(rs, item)
    _check_params(rs)
    _check_ids(rs)
    rs.diagnostics.sort(key=lambda d: (d.file, d.line, d.col))
    return _finish(rs, strict)


def _finish(rs: RuleSet, strict: bool) -> RuleSet:
    if strict and rs.errors:
        raise RuleSetError(rs.errors, rs.sources)
    return rs


def _collect_definitions(rs: RuleSet, items: list[ast.Item]) -> None:
    for item in items:
        if isinstance(item, ast.TermSet):
            _define(rs, rs.terms, item, "term set")
        elif isinstance(item, ast.Param):
            _define(rs, rs.params, item, "parameter")


def _define(rs: RuleSet, table: dict, item: ast.TermSet | ast.Param, what: str) -> None:
    """Register a named definition; a second one with the same name is an error (E206)."""
    if item.name in table:
        first = table[item.name]
        rs.diagnostics.append(Diagnostic(item.file, item.line, item.col, code("duplicate-definition"),
                                         f"{what} '{item.name}' is defined twice",
                                         f"first defined at {first.file}:{first.line}"))
    table[item.name] = item


def _diag(rs: RuleSet, rule: ast.Rule, attr: str, code: str, message: str, hint: str | None = None,
          severity: str = "error", col: int = 3, width: int = 1) -> None:
    rs.diagnostics.append(Diagnostic(rule.file, rule.attr_line(attr), col, code, message, hint, width, severity))


def _word_col(rs: RuleSet, file: str, line: int, word: str) -> int:
    lines = rs.sources.get(file, "").splitlines()
    if 0 < line <= len(lines):
        m = re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", lines[line - 1])
        if m:
            return m.start() + 1
    return 1


def _check_rule(rs: RuleSet, rule: ast.Rule) -> None:
    for attr in _REQUIRED:
        if getattr(rule, attr) is None:
            rs.diagnostics.append(Diagnostic(rule.file, rule.line, rule.col or 1, code("missing-attribute"),
                                             f"rule {rule.id} has no '{attr}'",
                                             f"add a line: {attr} ..."))
    for attr, _line in rule.attr_lines:
        if attr.startswith("duplicate:"):
            name = attr.split(":", 1)[1]
            rs.diagnostics.append(Diagnostic(rule.file, _line, 3, code("attribute-twice"), f"'{name}' is given twice in rule {rule.id}"))
    if not rule.citations:
        rs.diagnostics.append(Diagnostic(rule.file, rule.line, rule.col or 1, code("missing-citation"),
                                         f"rule {rule.id} has no citation",
                                         'add: cite "contract section / APL / guidance"'))
    if rule.element is not None and rs.elements and rule.element not in rs.elements:
        line = rule.attr_line("element")
        col = _word_col(rs, rule.file, line, rule.element)
        _diag(rs, rule, "element", code("unknown-element"), f"unknown element '{rule.element}'",
              did_you_mean(rule.element, rs.elements) or "element ids are listed in rules/data/elements.yaml",
              col=col, width=len(rule.element))
    for t in rule.types:
        if rs.mou_types and t not in rs.mou_types:
            line = rule.attr_line("types")
            _diag(rs, rule, "types", code("unknown-mou-type"), f"unknown MOU type '{t}'",
                  did_you_mean(t, rs.mou_types) or "type ids are listed in rules/data/mou_types.yaml",
                  col=_word_col(rs, rule.file, line, t), width=len(t))
    if rule.types and rule.applies == "plan-report":
        _diag(rs, rule, "types", code("types-on-plan-rule"), "'types' only applies to MOU rules")
    if rule.effective_from and rule.effective_until and rule.effective_until < rule.effective_from:
        _diag(rs, rule, "effective", code("inverted-window"),
              f"effective window ends ({rule.effective_until}) before it starts ({rule.effective_from})")
    verdicts = {ex.verdict for ex in rule.examples}
    for needed in ("met", "gap"):
        if needed not in verdicts:
            rs.diagnostics.append(Diagnostic(rule.file, rule.line, rule.col or 1, code("missing-example"),
                                             f"rule {rule.id} has no '{needed}' example",
                                             f"every rule needs an example that must be {needed}: "
                                             f'example {needed} "..."'))
    for ex in rule.examples:
        if rule.applies == "mou" and ex.facts is not None:
            rs.diagnostics.append(Diagnostic(rule.file, ex.line, 3, code("wrong-example-kind"), "an MOU rule's example must be text, not facts"))
        if rule.applies == "plan-report" and ex.facts is None:
            rs.diagnostics.append(Diagnostic(rule.file, ex.line, 3, code("wrong-example-kind"),
                                             "a plan-report rule's example must be facts",
                                             'write: example met facts """ yaml ... """'))
    if rule.for_each is not None and rule.applies == "mou":
        _diag(rs, rule, "for_each", code("for-each-on-mou-rule"), "for_each is for plan-report rules")
    compiled = CompiledRule(rule)
    compiled.params = params_used((rule.require, rule.when, *(
        (rule.for_each.where, *[b.collection for b in rule.for_each.bindings], *rule.for_each.labels)
        if rule.for_each else ())))
    if rule.require is not None:
        if rule.applies == "plan-report":
            rs.diagnostics.extend(check_fact_expr(rule.require, rule, rs.params))
        else:
            try:
                compiled.doc_pred = TextCompiler(rule, rs.terms, rs.params).document(rule.require)
            except CompileError as err:
                rs.diagnostics.append(err.diagnostic)
    for extra in (rule.when, rule.for_each):
        if extra is not None:
            rs.diagnostics.extend(check_fact_expr(
                extra if not isinstance(extra, ast.ForEach) else (extra.where, *[b.collection for b in extra.bindings]),
                rule, rs.params))
    rs.rules.append(compiled)


def _check_params(rs: RuleSet) -> None:
    for p in rs.params.values():
        if p.status is None:
            rs.diagnostics.append(Diagnostic(p.file, p.line, p.col or 1, code("parameter-without-status"),
                                             f"parameter '{p.name}' has no status",
                                             "add: status confirmed | unconfirmed"))
        if any(v.source is None for v in p.values):
            rs.diagnostics.append(Diagnostic(p.file, p.line, p.col or 1, code("value-without-source"),
                                             f"parameter '{p.name}' has a value without a source",
                                             'add: source "where this number comes from"'))
        units = {v.quantity.unit for v in p.values}
        if len(units) > 1:
            rs.diagnostics.append(Diagnostic(p.file, p.line, p.col or 1, code("mixed-units"),
                                             f"parameter '{p.name}' mixes units {sorted(str(u) for u in units)}"))
        distinct = {v.quantity for v in p.values}
        if len(distinct) > 1:
            listing = "; ".join(f"{v.quantity.value:g} {v.quantity.unit or ''} ({v.source})".replace(" (", " (", 1)
                                for v in p.values)
            rs.diagnostics.append(Diagnostic(p.file, p.line, p.col or 1, code("conflicting-values"),
                                             f"parameter '{p.name}' has conflicting sourced values: {listing}",
                                             "verdicts that depend on it are 'undetermined' when the values disagree",
                                             severity="warning"))


def _check_ids(rs: RuleSet) -> None:
    seen: dict[str, ast.Rule] = {}
    for compiled in rs.rules:
        r = compiled.rule
        for rid in (r.id, *r.aliases):
            if rid in seen:
                first = seen[rid]
                rs.diagnostics.append(Diagnostic(r.file, r.line, r.col or 1, code("duplicate-rule-id"),
                                                 f"rule id {rid} is already used",
                                                 f"first used at {first.file}:{first.line}"))
            else:
                seen[rid] = r
        for name in compiled.params:
            if name not in rs.params:
                pass  # reported where it is used
