"""The result of a template diff: one record per template provision and per added provision,
and the filing decision. Plain dataclasses; `to_dict` gives the JSON report's shape."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("kept", "edited", "moved", "removed", "added")
DECISIONS = ("file-and-use", "review", "redline-required")


@dataclass
class Op:
    """One step of a word-level diff: equal, fill (a placeholder filled), swap (a meaning-preserving
    word swap such as shall -> must), replace, delete or insert."""

    op: str
    template: str = ""
    submission: str = ""
    tags: list[str] = field(default_factory=list)  # modal, negation, number, date, timeframe, party, wording


@dataclass
class ProvisionResult:
    """A template provision and what became of it in the submission."""

    template_id: str  # "<template id>:<section>"
    template: str  # the template's id
    section: str | None
    heading: str | None
    mandatory: bool
    citation: str | None
    element: str | None
    status: str  # kept | edited | moved | removed
    meaning: str | None = None  # edited: "preserved" (wording only) or "changed"
    moved: bool = False  # edited provisions may also have moved
    tags: list[str] = field(default_factory=list)
    cosmetic: list[str] = field(default_factory=list)  # what differs without counting: capitalisation, ...
    similarity: float = 0.0
    submission_section: str | None = None
    submission_heading: str | None = None
    submission_pages: list[int] = field(default_factory=list)
    template_pages: list[int] = field(default_factory=list)
    template_text: str = ""
    submission_text: str = ""
    diff: list[Op] = field(default_factory=list)
    tracked: list[str] = field(default_factory=list)  # the submitter's own tracked changes (Word)

    @property
    def needs_redline(self) -> bool:
        return self.mandatory and (self.status == "removed" or (self.status == "edited" and self.meaning == "changed"))


@dataclass
class AddedResult:
    """A submission provision with no counterpart in the template."""

    submission_section: str | None
    submission_heading: str | None
    submission_pages: list[int]
    text: str
    status: str = "added"
    conflicts: list[str] = field(default_factory=list)  # why it may conflict with a mandatory provision
    related_template_id: str | None = None
    tracked: list[str] = field(default_factory=list)


@dataclass
class DiffResult:
    """One submission against one template (or several, for a merged bespoke MOU)."""

    path: str
    sha256: str = ""
    templates: list[dict[str, Any]] = field(default_factory=list)  # id, path, map, title, version
    status: str = "checked"  # checked | error
    error: str | None = None
    decision: str | None = None
    reasons: list[str] = field(default_factory=list)
    provisions: list[ProvisionResult] = field(default_factory=list)
    added: list[AddedResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for p in self.provisions:
            out[p.status] += 1
        out["added"] = len(self.added)
        return out

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["counts"] = self.counts()
        for p, raw in zip(self.provisions, d["provisions"]):
            raw["redline_required"] = p.needs_redline
        return d


@dataclass
class DiffBatch:
    """Every submission diffed in one run, plus files seen but not diffed."""

    results: list[DiffResult] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        out = {"submissions": len(self.results), "errors": sum(r.status == "error" for r in self.results)}
        for d in DECISIONS:
            out[d] = sum(r.decision == d for r in self.results)
        return out
