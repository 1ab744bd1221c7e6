"""`compliance-check rules lint|test|list|explain|functions|codes|fmt`: tools for policy authors."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from tabulate import tabulate

from checker.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, load_rules_or_exit
from checker.dsl import ast, fmt
from checker.dsl.errors import did_you_mean
from checker.engine.text_functions import REGISTRY as TEXT_FUNCTIONS
from checker.engine.ruleset import DEFAULT_RULES_DIR, load_ruleset, rule_files


def _dir_arg(func):
    return click.argument("rules_dir", required=False, type=click.Path(path_type=Path))(func)


@click.group("rules")
def rules_group() -> None:
    """Lint, test, list, explain and format rule files.

    \b
    Exit codes: 0 clean, 1 problems found (lint errors, failing examples),
    2 usage error or unreadable input.
    """


@rules_group.command("lint")
@_dir_arg
@click.option("--warnings-as-errors", is_flag=True, help="Exit 1 on warnings too (e.g. conflicting parameter values).")
def lint_command(rules_dir: Path | None, warnings_as_errors: bool) -> None:
    """Report every problem in the rule files: file:line:col, the line, what was expected."""
    root = rules_dir or DEFAULT_RULES_DIR
    if not root.exists():
        click.echo(f"error: {root} does not exist", err=True)
        sys.exit(EXIT_USAGE)
    rs = load_ruleset(root, strict=False)
    if rs.diagnostics:
        click.echo(rs.render_diagnostics())
    errors, warnings = len(rs.errors), len(rs.warnings)
    click.echo(f"{len(rule_files(root))} file(s), {len(rs.rules)} rule(s): {errors} error(s), {warnings} warning(s)")
    if root.is_dir():
        from checker.redline.policy import lint_maps

        n_maps, map_diags = lint_maps(root)
        for d in map_diags:
            click.echo(d.render(_read(d.file)))
        if n_maps:
            click.echo(f"{n_maps} template map(s): {len(map_diags)} error(s)")
        errors += len(map_diags)
    sys.exit(EXIT_PROBLEMS if errors or (warnings_as_errors and warnings) else EXIT_OK)


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@rules_group.command("test")
@_dir_arg
@click.option("--rule", "rule_ids", multiple=True, help="Only this rule id (repeatable).")
def test_command(rules_dir: Path | None, rule_ids: tuple[str, ...]) -> None:
    """Run the examples inside every rule; show missed and extra verdicts per failing rule."""
    from checker.engine.examples import run_examples

    rs = load_rules_or_exit(rules_dir)
    results = run_examples(rs, list(rule_ids) or None)
    failing: dict[str, list] = {}
    for r in results:
        if not r.ok:
            failing.setdefault(r.rule.id, []).append(r)
    for rule_id, bad in failing.items():
        first = bad[0].rule
        click.echo(f"FAIL {rule_id} ({first.file}:{first.line})")
        for r in bad:
            got = ", ".join(r.got) or "nothing"
            kind = "missed" if r.expected == "met" else "extra"
            what = (f"missed: expected met, got {got}" if kind == "missed"
                    else f"extra: expected gap, got {got}")
            sample = (r.example.text or r.example.facts or "").strip().replace("\n", " ")
            click.echo(f"  line {r.example.line}: {what}")
            click.echo(f"    example: {sample[:120]}")
            if r.problem:
                click.echo(f"    problem: {r.problem}")
            for f in r.findings[:3]:
                detail = f.nearest_reason or f.message
                click.echo(f"    {f.status}: {detail}")
    passed = len(results) - sum(len(v) for v in failing.values())
    click.echo(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(EXIT_PROBLEMS if failing else EXIT_OK)


@rules_group.command("list")
@_dir_arg
@click.option("--element", default=None, help="Only rules of this element.")
def list_command(rules_dir: Path | None, element: str | None) -> None:
    """List the rules: id, element, severity, applies to, effective from, title."""
    rs = load_rules_or_exit(rules_dir)
    rows = []
    for c in sorted(rs.rules, key=lambda c: c.id):
        r = c.rule
        if element and r.element != element:
            continue
        applies = r.applies or ""
        if r.types:
            applies += " (" + ", ".join(r.types) + ")"
        rows.append([r.id, r.element, r.severity, applies, r.effective_from or "", r.title])
    click.echo(tabulate(rows, headers=["id", "element", "severity", "applies", "from", "title"]))


@rules_group.command("explain")
@click.argument("rule_id")
@click.option("--rules", "rules_dir", type=click.Path(path_type=Path), default=None, help="Rules folder.")
def explain_command(rule_id: str, rules_dir: Path | None) -> None:
    """Explain one rule in words: what it checks, where, with which parameters."""
    rs = load_rules_or_exit(rules_dir)
    compiled = rs.find(rule_id)
    if compiled is None:
        hint = did_you_mean(rule_id, [c.id for c in rs.rules]) or "see 'compliance-check rules list'"
        click.echo(f"error: no rule {rule_id}; {hint}", err=True)
        sys.exit(EXIT_USAGE)
    r = compiled.rule
    lines = [f"{r.id}: {r.title}", f"  defined at   {r.file}:{r.line}"]
    if r.aliases:
        lines.append(f"  also known as {', '.join(r.aliases)}")
    element = rs.elements.get(r.element or "", {})
    lines.append(f"  element      {r.element}" + (f" ({element.get('status')}): {element.get('description')}"
                                                    if element else ""))
    lines.append(f"  applies to   {r.applies}" + (f", MOU types {', '.join(r.types)}" if r.types else ""))
    window = f"from {r.effective_from}" if r.effective_from else "always"
    if r.effective_until:
        window += f" until {r.effective_until}"
    lines.append(f"  in effect    {window}")
    lines.append(f"  severity     {r.severity}")
    for cite in r.citations:
        lines.append(f"  citation     {cite}")
    if r.description:
        lines.append(f"  compliant text must say: {r.description}")
    if r.when is not None:
        lines.append(f"  only when    {fmt.expr(r.when)}")
    if r.for_each is not None:
        lines.append("  for each     " + ", ".join(f"{b.var} in {fmt.expr(b.collection)}" for b in r.for_each.bindings)
                     + (f" where {fmt.expr(r.for_each.where)}" if r.for_each.where is not None else ""))
    if r.require is not None:
        lines.append(f"  requires     {fmt.expr(r.require)}")
        lines += [f"  {fn:<12} {TEXT_FUNCTIONS[fn].help}" for fn in _functions_used(r.require)]
        if r.applies == "mou":
            lines.append("  duty check   a match counts only where its clause states a present duty (not a "
                         "postponement, denial or bare permission; term sets deferral, negation, hedge, obligation)")
    used_terms = [t for t in rs.terms.values() if t.name in fmt.expr(r.require).replace("(", " ").replace(",", " ").split()] if r.require else []
    for t in used_terms:
        lines.append(f"  term set {t.name}: " + ", ".join(f'"{s}"' for s in t.terms))
    for name in compiled.params:
        p = rs.params.get(name)
        if p is None:
            continue
        values = "; ".join(f"{fmt.quantity(v.quantity)} (source: {v.source})" for v in p.values)
        flag = "" if p.confirmed else "  <- UNCONFIRMED: verdicts that use it say so"
        lines.append(f"  parameter {name} = {values} [{p.status}]{flag}")
    for ex in r.examples:
        sample = (ex.text or ex.facts or "").strip().replace("\n", " ")
        lines.append(f"  example {ex.verdict}: {sample[:100]}")
    click.echo("\n".join(lines))


def _functions_used(node: object) -> list[str]:
    """Text functions a rule's condition calls, in first-use order."""
    found: list[str] = []

    def walk(n: object) -> None:
        if isinstance(n, tuple):
            for x in n:
                walk(x)
            return
        if isinstance(n, ast.Call) and n.fn in TEXT_FUNCTIONS and n.fn not in found:
            found.append(n.fn)
        for attr in ("args", "operands", "operand", "left", "right"):
            if hasattr(n, attr):
                walk(getattr(n, attr))

    walk(node)
    return found


@rules_group.command("functions")
def functions_command() -> None:
    """List the text functions a rule's `require` can use, with their arity and meaning."""
    rows = [[f.name, f.min_args if f.min_args == f.max_args else f"{f.min_args}-{f.max_args}",
             "where" if f.level == "doc" else "condition", f.help] for f in sorted(TEXT_FUNCTIONS.values(), key=lambda f: f.name)]
    click.echo(tabulate(rows, headers=["function", "args", "kind", "meaning"], maxcolwidths=[None, None, None, 70]))


@rules_group.command("codes")
def codes_command() -> None:
    """List every diagnostic code with its symbol and meaning (codes never change meaning)."""
    from checker.dsl.codes import CATALOG

    click.echo(tabulate([[c.code, c.symbol, c.meaning] for c in CATALOG], headers=["code", "symbol", "meaning"],
                        maxcolwidths=[None, None, 80]))


@rules_group.command("fmt")
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Only report files that are not canonically formatted (exit 1).")
@click.option("--drop-comments", is_flag=True,
              help="Drop comments and lay out every item canonically (by default comments are kept).")
def fmt_command(files: tuple[Path, ...], check: bool, drop_comments: bool) -> None:
    """Rewrite rule files in the canonical layout, keeping comments.

    Comment lines before, between and after items stay where they are; an item with a
    comment inside it is kept exactly as written. The rewrite is refused if the result would
    not parse to the same rules.
    """
    from checker.dsl.layout import format_file
    from checker.dsl.parser import parse_file, parse_rules_text
    from checker.report.write import write_atomic

    targets = [p for f in (files or (DEFAULT_RULES_DIR,)) for p in rule_files(f)]
    changed = 0
    for path in targets:
        parsed, diags, text = parse_file(path)
        if diags:
            click.echo(f"{path}: not formatted: it has syntax errors (run 'rules lint')", err=True)
            changed += 1
            continue
        formatted = fmt.file(parsed.items) if drop_comments else format_file(parsed.items, text)
        if formatted == text:
            continue
        changed += 1
        if check:
            click.echo(f"{path}: would reformat")
            continue
        items, problems = parse_rules_text(formatted, str(path))
        if problems or items != parsed.items:  # never write a file that means something else
            click.echo(f"{path}: not reformatted: the layout would change its meaning; please report this file",
                       err=True)
            continue
        write_atomic(path, formatted)
        click.echo(f"{path}: reformatted")
    sys.exit(EXIT_PROBLEMS if check and changed else EXIT_OK)
