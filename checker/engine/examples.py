"""Run the examples written inside each rule (`rules test`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml

from checker.dsl import ast
from checker.engine.compile import CompiledRule
from checker.engine.ruleset import RuleSet
from checker.engine.evaluate import Subject, evaluate_rule
from checker.engine.units import DocumentView
from checker.results import Finding


@dataclass
class ExampleResult:
    rule: ast.Rule
    example: ast.Example
    expected: str
    got: list[str]  # statuses of the findings produced
    findings: list[Finding]
    problem: str | None = None

    @property
    def ok(self) -> bool:
        if self.problem:
            return False
        if self.expected == "met":
            return bool(self.got) and all(s == "met" for s in self.got)
        return "gap" in self.got


def example_date(rule: ast.Rule) -> dt.date:
    """A date inside the rule's window, so the example tests the requirement itself."""
    return rule.effective_from or rule.effective_until or dt.date.today()


def run_example(compiled: CompiledRule, ruleset: RuleSet, example: ast.Example) -> ExampleResult:
    rule = compiled.rule
    as_of = example_date(rule)
    key = f"{rule.file}:{example.line}"
    if example.facts is not None:
        try:
            facts = yaml.safe_load(example.facts) or {}
        except yaml.YAMLError as exc:
            return ExampleResult(rule, example, example.verdict, [], [], f"example facts are not valid YAML: {exc}")
        if not isinstance(facts, dict):
            return ExampleResult(rule, example, example.verdict, [], [], "example facts must be a YAML mapping")
        subject = Subject("plan-report", key, facts=facts)
    else:
        from checker.extract.text import parse_text

        document = parse_text(example.text or "", key)
        mou_type = rule.types[0] if rule.types else None
        subject = Subject("mou", key, view=DocumentView(document), meta={"mou_type": mou_type}, mou_type=mou_type)
    findings = evaluate_rule(compiled, ruleset, subject, as_of, ignore_when=True)
    return ExampleResult(rule, example, example.verdict, [f.status for f in findings], findings)


def run_examples(ruleset: RuleSet, rule_ids: list[str] | None = None) -> list[ExampleResult]:
    results = []
    for compiled in ruleset.rules:
        if rule_ids and compiled.id not in rule_ids:
            continue
        for example in compiled.rule.examples:
            results.append(run_example(compiled, ruleset, example))
    return results
