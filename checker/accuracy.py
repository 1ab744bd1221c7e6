"""Score the MOU rule packs against a folder of labelled MOUs (ground truth written by people).

Why: accuracy is only known from documents whose expected verdicts a human wrote; the
dev corpus (`corpus/mou`) and every blind batch (`corpus/blind/batch-N`) share one
format, so one scorer serves the accuracy test and the first-sight measurement of a new
batch:

    python -m checker.accuracy corpus/blind/batch-1 [--as-of 2026-11-24] [--rules DIR]

Gap detection is the positive class: a missed gap (FN) hides a problem from DHCS, a false
gap (FP) costs a reviewer time. Each document's findings are folded into one verdict per
element: an element is `gap` if any applicable non-advisory rule of it is a gap, `met` if all
are met; `undetermined` counts as not found. Advisory rules are not scored, except the
closed loop referral notification rules (CLR.* other than CLR.PROCESS), which expected
files record under `clr-notification`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from tabulate import tabulate

from checker.extract import SUPPORTED_SUFFIXES as DOCUMENT_SUFFIXES
from checker.results import DocumentResult, Finding

CLR_NOTIFICATION = "clr-notification"
DEFAULT_AS_OF = dt.date(2026, 11, 24)


def element_key(finding: Finding) -> str | None:
    """The expected-file key a finding is scored under, or None when it is not scored."""
    if finding.rule_id.startswith("CLR.") and finding.rule_id != "CLR.PROCESS":
        return CLR_NOTIFICATION
    if finding.severity == "advisory":
        return None
    return finding.element or None


def fold(result: DocumentResult) -> dict[str, str]:
    """One verdict per element: gap > undetermined > met; elements with only N/A rules are left out."""
    statuses: dict[str, list[str]] = {}
    for f in result.findings:
        key = element_key(f)
        if key and f.status != "not-applicable":
            statuses.setdefault(key, []).append(f.status)
    return {key: "gap" if "gap" in st else "undetermined" if "undetermined" in st else "met"
            for key, st in statuses.items()}


@dataclass
class Scored:
    """One labelled document: its expected file, folded verdicts and raw result."""

    name: str
    expected: dict
    verdicts: dict[str, str]
    result: DocumentResult


@dataclass
class Score:
    """The confusion table of a folder and the disagreements behind it."""

    table: dict[str, Counter] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def total(self, key: str) -> int:
        return sum(c[key] for c in self.table.values())

    @property
    def recall(self) -> float:
        tp, fn = self.total("TP"), self.total("FN")
        return tp / (tp + fn) if tp + fn else 1.0

    @property
    def precision(self) -> float:
        tp, fp = self.total("TP"), self.total("FP")
        return tp / (tp + fp) if tp + fp else 1.0


def labelled_documents(folder: Path) -> list[tuple[Path, dict]]:
    """(document path, expected mapping) for every `<name>.expected.yaml` in the folder."""
    out = []
    for exp_path in sorted(folder.glob("*.expected.yaml")):
        expected = yaml.safe_load(exp_path.read_text(encoding="utf-8"))
        doc = folder / str(expected.get("document") or "")
        if not doc.is_file():
            stem = exp_path.name[: -len(".expected.yaml")]
            doc = next((folder / f"{stem}{s}" for s in DOCUMENT_SUFFIXES if (folder / f"{stem}{s}").is_file()),
                       folder / f"{stem}.pdf")
        out.append((doc, expected))
    return out


def score_folder(folder: Path, ruleset=None, as_of: dt.date = DEFAULT_AS_OF, jobs: int = 1) -> list[Scored]:
    """Check every labelled document of the folder and fold its findings per element."""
    from checker.engine.ruleset import load_ruleset
    from checker.run import RunOptions, check_paths

    labelled = labelled_documents(folder)
    missing = [str(p) for p, _ in labelled if not p.is_file()]
    if missing:
        raise FileNotFoundError("labelled documents not found (build the PDFs first): " + ", ".join(missing))
    run = check_paths([p for p, _ in labelled], ruleset or load_ruleset(), RunOptions(as_of=as_of, jobs=jobs))
    by_path = {Path(d.path).resolve(): d for d in run.documents}
    return [Scored(p.stem, exp, fold(by_path[p.resolve()]), by_path[p.resolve()]) for p, exp in labelled]


def confusion(scored: list[Scored]) -> Score:
    score = Score()
    for doc in scored:
        for element, want in (doc.expected.get("elements") or {}).items():
            verdict = doc.verdicts.get(element, "not checked")
            c = score.table.setdefault(element, Counter())
            predicted_gap = verdict == "gap"
            if want == "gap":
                c["TP" if predicted_gap else "FN"] += 1
            else:
                c["FP" if predicted_gap else "TN"] += 1
            if verdict in ("undetermined", "not checked"):
                c[verdict] += 1
            if predicted_gap != (want == "gap"):
                score.problems.append(f"{'FP' if predicted_gap else 'FN'} {doc.name} {element}: "
                                      f"expected {want}, got {verdict}")
    return score


def type_problems(scored: list[Scored]) -> list[str]:
    """Documents whose detected types differ from the expected ones."""
    out = []
    for doc in scored:
        want = doc.expected.get("mou_types") or [doc.expected.get("mou_type")]
        got = getattr(doc.result, "mou_types", None) or [doc.result.mou_type]
        if doc.result.mou_type != doc.expected.get("mou_type") or set(want) - set(got):
            out.append(f"TYPE {doc.name}: expected {want}, detected {got} ({doc.result.mou_type_reason})")
    return out


def render(score: Score) -> str:
    rows = []
    for element in sorted(score.table):
        c = score.table[element]
        rows.append([element, c["TP"], c["FP"], c["FN"], c["TN"], c["undetermined"] + c["not checked"]])
    rows.append(["TOTAL", *(score.total(k) for k in ("TP", "FP", "FN", "TN")),
                 score.total("undetermined") + score.total("not checked")])
    return tabulate(rows, headers=["element", "TP", "FP", "FN", "TN", "undet."], tablefmt="github")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checker.accuracy",
                                     description="Per-element confusion table and gap recall/precision "
                                                 "for a folder of labelled MOUs (<name>.expected.yaml).")
    parser.add_argument("folders", nargs="+", type=Path, help="folders holding documents and expected files")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=DEFAULT_AS_OF)
    parser.add_argument("--rules", type=Path, default=None, help="rule folder (default: the shipped rules)")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    from checker.engine.ruleset import load_ruleset

    ruleset = load_ruleset(args.rules) if args.rules else load_ruleset()
    scored: list[Scored] = []
    for folder in args.folders:
        if not folder.is_dir():
            print(f"error: {folder} is not a folder", file=sys.stderr)
            return 2
        scored += score_folder(folder, ruleset, args.as_of, args.jobs)
    score = confusion(scored)
    print(render(score))
    print(f"\ndocuments {len(scored)}  element verdicts {sum(sum(c[k] for k in ('TP', 'FP', 'FN', 'TN')) for c in score.table.values())}")
    print(f"gap recall {score.recall:.3f}  precision {score.precision:.3f}  "
          f"(TP {score.total('TP')}, FP {score.total('FP')}, FN {score.total('FN')})")
    for line in score.problems + type_problems(scored):
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
