"""The diagnostic catalog: every code a rule author can see, with a stable symbol and meaning.

Why: like pylint's message registry, a code never changes meaning once published, so an
author can look it up (`compliance-check rules codes`, rules/README.md) and a script can
filter on it. Code sites name the symbol, never the bare code.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str  # E1xx syntax and files, E2xx unknown references, E3xx rule structure, E5xx template maps, W4xx warnings
    symbol: str
    meaning: str


CATALOG: tuple[Code, ...] = (
    Code("E100", "unreadable-rules", "a rules folder or file does not exist or cannot be read"),
    Code("E101", "syntax-error", "the rule file does not follow the grammar (what was expected is named)"),
    Code("E102", "file-too-large", "a rule file is larger than the size limit"),
    Code("E103", "nested-too-deep", "an expression nests deeper than the limit"),
    Code("E105", "impossible-date", "a date that does not exist (2024-02-30)"),
    Code("E110", "bad-data-file", "a file in rules/data/ is missing, unreadable or has the wrong shape"),
    Code("E201", "unknown-element", "an element id not in rules/data/elements.yaml"),
    Code("E202", "unknown-term-set", "a term set that is not defined"),
    Code("E203", "unknown-parameter", "a parameter that is not defined"),
    Code("E204", "unknown-function", "a function the rule language does not have"),
    Code("E205", "unknown-mou-type", "an MOU type id not in rules/data/mou_types.yaml"),
    Code("E206", "duplicate-definition", "a term set or parameter defined twice"),
    Code("E300", "duplicate-rule-id", "a rule id (or alias) used twice"),
    Code("E301", "missing-attribute", "a rule lacks a required attribute"),
    Code("E302", "missing-citation", "a rule has no citation"),
    Code("E303", "missing-example", "a rule lacks a met or a gap example"),
    Code("E304", "inverted-window", "an effective window ends before it starts"),
    Code("E305", "wrong-arity", "a function called with the wrong number of arguments"),
    Code("E306", "not-a-text-condition", "an expression that cannot be used in a text (MOU) rule"),
    Code("E307", "wrong-unit", "a timeframe or frequency compared with the wrong unit"),
    Code("E308", "attribute-twice", "an attribute given twice in one rule"),
    Code("E309", "wrong-example-kind", "an example of the wrong kind (text for a plan-report rule, facts for an MOU rule)"),
    Code("E310", "parameter-without-status", "a parameter without a status"),
    Code("E311", "value-without-source", "a parameter value without a source"),
    Code("E312", "mixed-units", "a parameter whose values have different units"),
    Code("E313", "uncompared-value", "timeframe or frequency used without a comparison"),
    Code("E314", "mixed-conditions", "text conditions and where-conditions mixed in one all_of/any_of"),
    Code("E315", "bad-comparison", "a comparison in a text rule that is not timeframe/frequency against a number or parameter"),
    Code("E316", "nested-scope", "a scope (any_sentence, at_least, ...) inside another scope"),
    Code("E317", "fact-function-in-text-rule", "a plan-report function used in an MOU rule"),
    Code("E318", "terms-expected", "a function that takes term sets or phrases was given something else"),
    Code("E319", "text-function-in-fact-rule", "an MOU text function used in a plan-report rule"),
    Code("E320", "unscoped-condition", "a text condition that does not say where it must hold"),
    Code("E321", "types-on-plan-rule", "'types' given to a plan-report rule"),
    Code("E322", "for-each-on-mou-rule", "'for_each' given to an MOU rule"),
    Code("E323", "bad-argument", "an argument of the wrong kind (at_least's count, near's distance, as_written's condition)"),
    Code("E501", "bad-template-map", "a template map file (rules/templates/) is unreadable or has the wrong shape"),
    Code("E502", "map-entry-without-citation", "a template map entry has no citation"),
    Code("E503", "duplicate-map-entry", "a template section (or template id) listed twice"),
    Code("E504", "bad-placeholder", "a declared placeholder that is not a bracketed fill-in"),
    Code("W401", "conflicting-values", "a parameter with several sourced values that disagree"),
)

_BY_SYMBOL = {c.symbol: c for c in CATALOG}


def code(symbol: str) -> str:
    """The stable code of a symbol (a KeyError is a programming error: add it to the catalog)."""
    return _BY_SYMBOL[symbol].code
