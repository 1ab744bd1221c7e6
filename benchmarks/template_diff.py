"""Template diff benchmark: `python -m benchmarks.template_diff [--pairs 3 --pages 40 --out DIR]`.

Generates template/submission pairs of about P pages from our own model wording (a seeded
generator of duties: who must do what, how fast, how often), derives each submission with
known edits (placeholders filled, every article renumbered, provisions moved, removed, edited
in a number, a modal verb or their wording, "must" swapped for "shall", provisions added),
renders both to PDF with the corpus builder, and prints:

- alignment accuracy: the share of template provisions given the right status and, when
  present, the right partner; and the share of added provisions found;
- time per pair, cold (extracting both PDFs) and warm (the extraction cache reused: read both
  clause trees from the cache, align, classify, decide), median of several runs.

A script, not a test: timings depend on the machine. Target (issue 15): under 1 s warm per
40-page pair.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench import _builder, _pdf_pages

ACTORS = ["MCP", "the County", "each Party", "the Parties", "the MHP", "MCP's liaison", "the County's liaison"]
ACTS = ["share", "review", "publish", "update", "send", "keep", "report", "confirm", "train staff on",
        "maintain", "document", "approve", "track", "post", "coordinate", "monitor", "explain", "file"]
OBJECTS = ["the referral log", "the care coordination policies", "the screening results", "the data exchange plan",
           "the list of network providers", "the transition of care records", "the meeting summaries",
           "the training materials", "the dispute log", "the quality measures", "the crisis protocol",
           "the member notices", "the annual report", "the contact list", "the discharge plans",
           "the medication lists", "the privacy safeguards", "the escalation path", "the outreach calendar",
           "the interpreter arrangements", "the transportation schedule", "the housing referral list",
           "the school liaison roster", "the youth services directory", "the telehealth procedures"]
WHENS = ["within {n} calendar days", "within {n} business days", "at least {f}", "no later than {n} days after "
         "each request", "every {m} months", "before each quarterly meeting", "within {n} working days"]
FREQS = ["quarterly", "twice a year", "once a year", "monthly"]
PURPOSES = ["so that Members reach care without delay", "so that both systems hold the same facts",
            "so that DHCS can follow the work of this MOU", "so that no Member has to repeat an assessment",
            "so that a referral never waits for a signature", "so that providers know whom to call"]
MODALS = {"must": "may", "may": "must"}


@dataclass
class Truth:
    status: str  # kept | edited | moved | removed
    partner: str | None  # the submission section it should align with


def _sentence(rnd: random.Random, topic: str) -> str:
    when = rnd.choice(WHENS).format(n=rnd.choice([5, 7, 10, 14, 15, 20, 30, 45, 60, 90]), f=rnd.choice(FREQS),
                                    m=rnd.choice([2, 3, 6]))
    return (f"{rnd.choice(ACTORS).capitalize() if rnd.random() < 0.2 else rnd.choice(ACTORS)} must "
            f"{rnd.choice(ACTS)} {rnd.choice(OBJECTS)} for {topic} {when}, {rnd.choice(PURPOSES)}.")


def make_template(rnd: random.Random, articles: int, per_article: int) -> list[tuple[str, list[str]]]:
    """[(article title, [provision text, ...])]: provisions of two or three duties each."""
    out = []
    for a in range(articles):
        topic = f"{rnd.choice(['adult', 'youth', 'perinatal', 'crisis', 'outpatient', 'inpatient'])} " \
                f"{rnd.choice(['services', 'referrals', 'records', 'programs', 'teams'])} of [County] region {a + 1}"
        provs = []
        for p in range(per_article):
            heading = f"{rnd.choice(ACTS).split()[0].capitalize()} {rnd.choice(OBJECTS).split(' ', 1)[1]}"
            body = " ".join(_sentence(rnd, topic) for _ in range(rnd.choice([2, 3])))
            provs.append(f"{heading}. {body}")
        out.append((f"{topic.split(' of ')[0].title()} in Region {a + 1}", provs))
    return out


def render_text(articles: list[tuple[str, list[str]]], numbers: list[list[str]], article_numbers: list[str]) -> str:
    lines = ["MODEL MEMORANDUM OF UNDERSTANDING", "Between [Plan Name] and the County of [County]"]
    for (title, provs), nums, an in zip(articles, numbers, article_numbers):
        lines.append(f"{an}. {title}")
        lines.extend(f"{n} {p}" for n, p in zip(nums, provs))
    return "\n\n".join(lines) + "\n"


def derive(rnd: random.Random, articles: list[tuple[str, list[str]]]) -> tuple[str, dict[str, Truth], int]:
    """A submission with known edits; (text, truth by template section, provisions added)."""
    flat = [(f"{a + 1}.{p + 1}", text, a) for a, (_, provs) in enumerate(articles) for p, text in enumerate(provs)]
    plan = "Blue Cross of California Partnership Plan, Inc."
    truth: dict[str, Truth] = {}
    sub_articles: list[list[tuple[str | None, str]]] = [[] for _ in articles]
    moves = []
    added = 0
    for section, text, a in flat:
        roll = rnd.random()
        filled = text.replace("[County]", "Fresno").replace("[Plan Name]", plan)
        if roll < 0.05:
            truth[section] = Truth("removed", None)
            continue
        if roll < 0.10:
            moves.append((section, filled))
            continue
        if roll < 0.14:  # a number changed
            new = filled.replace(" 1", " 2", 1) if " 1" in filled else filled.replace(" 3", " 4", 1)
            status = "edited" if new != filled else "kept"
            filled = new
        elif roll < 0.18:  # a modal weakened
            filled = filled.replace(" must ", " may ", 1)
            status = "edited"
        elif roll < 0.21:  # the purpose reworded
            for p in PURPOSES:
                if p in filled:
                    filled = filled.replace(p, "as the Parties find practical", 1)
                    break
            status = "edited"
        elif roll < 0.24:  # must -> shall (edited, meaning preserved)
            filled = filled.replace(" must ", " shall ", 1)
            status = "edited"
        else:
            status = "kept"
        sub_articles[a].append((section, filled))
        truth[section] = Truth(status, None)
        if rnd.random() < 0.05:
            sub_articles[a].append((None, "Local practice. " + _sentence(rnd, f"the Fresno pilot number {added}")))
            added += 1
    for section, filled in moves:  # into another article, at its end
        target = rnd.randrange(len(sub_articles))
        sub_articles[target].append((section, filled))
        truth[section] = Truth("moved", None)
    lines = ["MEMORANDUM OF UNDERSTANDING", f"Between {plan} and the County of Fresno"]
    offset = 1  # every article renumbered: a Definitions article comes first
    lines += ["1. Definitions", "1.1 Words. In this MOU a Member is a Medi-Cal beneficiary enrolled with MCP, "
                                "and a Working Day is a weekday that is not a state holiday."]
    added += 1
    for a, provs in enumerate(sub_articles):
        an = a + 1 + offset
        lines.append(f"{an}. {articles[a][0]}")
        for i, (section, text) in enumerate(provs):
            number = f"{an}.{i + 1}"
            lines.append(f"{number} {text}")
            if section is not None:
                truth[section].partner = number
    return "\n\n".join(lines) + "\n", truth, added


def _map_yaml(tid: str) -> str:
    return (f"template: {{id: {tid}}}\ndefault: mandatory\nplaceholders:\n  plan: ['[Plan Name]']\n"
            f"  county: ['[County]']\nprovisions:\n  - section: '1.1'\n    mandatory: true\n"
            f"    cite: benchmark map (every provision mandatory)\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=3, help="template/submission pairs (default 3)")
    ap.add_argument("--pages", type=int, default=40, help="pages per template (about; default 40)")
    ap.add_argument("--runs", type=int, default=5, help="warm runs per pair; the median is reported")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--out", type=Path, default=None, help="keep the generated files here")
    args = ap.parse_args(argv)

    from checker.redline.compare import Template, diff_document
    from checker.redline.policy import load_map
    from checker.redline.run import ReadOptions, read

    b = _builder()
    work = args.out or Path(tempfile.mkdtemp(prefix="tdiff-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    opts = ReadOptions(cache_dir=work / "cache")
    right = total = added_found = added_total = 0
    cold_times, warm_times, pages_seen = [], [], []
    for k in range(args.pairs):
        rnd = random.Random(args.seed + k)
        per_article = 12
        articles = make_template(rnd, max(1, round(args.pages * 0.75)), per_article)
        numbers = [[f"{a + 1}.{p + 1}" for p in range(len(provs))] for a, (_, provs) in enumerate(articles)]
        template_text = render_text(articles, numbers, [str(a + 1) for a in range(len(articles))])
        sub_text, truth, added = derive(rnd, articles)
        tpath, spath, mpath = work / f"template-{k}.pdf", work / f"submission-{k}.pdf", work / f"map-{k}.yaml"
        tdata = b.render_document(template_text, {}, title="template")
        tpath.write_bytes(tdata)
        spath.write_bytes(b.render_document(sub_text, {}, title="submission"))
        mpath.write_text(_map_yaml(f"bench-{k}"), encoding="utf-8")
        pages_seen.append(_pdf_pages(tdata))
        tmap = load_map(mpath)

        def once() -> object:
            template = Template.of(read(tpath, opts), tmap, f"bench-{k}")
            return diff_document([template], read(spath, opts))

        t0 = time.perf_counter()
        result = once()  # cold: both PDFs extracted and cached
        cold_times.append(time.perf_counter() - t0)
        runs = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            result = once()
            runs.append(time.perf_counter() - t0)
        warm_times.append(statistics.median(runs))
        for p in result.provisions:  # type: ignore[attr-defined]
            want = truth[p.section]
            total += 1
            ok = p.status == want.status and (want.partner is None or p.submission_section == want.partner)
            right += ok
        added_total += added
        added_found += len(result.added)  # type: ignore[attr-defined]
    print(f"template diff benchmark: {args.pairs} pair(s), template pages {pages_seen}, files in {work}")
    print(f"alignment accuracy (status and partner): {right}/{total} = {right / max(total, 1):.3f}")
    print(f"added provisions reported: {added_found} of {added_total} added")
    print(f"cold per pair (extract both PDFs + diff): median {statistics.median(cold_times):.2f} s")
    print(f"warm per pair (cache reused): median {statistics.median(warm_times):.3f} s "
          f"(target < 1 s per 40-page pair)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
