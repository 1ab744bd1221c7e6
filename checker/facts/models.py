"""Pydantic models of a plan report: what a plan tells us about its CAC, filings, MOUs etc.

Every model forbids unknown fields so a typo in a report is an error rather than a silently
ignored fact. Lists that change (counties, MOU types, duties, plans) are read from
``rules/data/`` through :mod:`checker.facts.data`, never written here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from checker.facts import data


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Accept a real date or an ISO ``YYYY-MM-DD`` string; refuse timestamps and numbers."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("iso_date", "expected a date YYYY-MM-DD, got a date with a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        raise PydanticCustomError(
            "iso_date", "expected a date YYYY-MM-DD, got '{value}'", {"value": value}
        )
    raise PydanticCustomError(
        "iso_date", "expected a date YYYY-MM-DD, got {got}", {"got": type(value).__name__}
    )


def _county(value: str) -> str:
    canonical = data.canonical_county(value)
    if canonical is None:
        raise PydanticCustomError(
            "unknown_county",
            "'{value}' is not a California county (rules/data/counties.yaml){hint}",
            {"value": value, "hint": _suggest(value.title(), data.counties())},
        )
    return canonical


def _mou_type(value: str) -> str:
    known = data.mou_types()
    if value not in known:
        raise PydanticCustomError(
            "unknown_mou_type",
            "'{value}' is not a known MOU type id (rules/data/mou_types.yaml){hint}",
            {"value": value, "hint": _suggest(value, sorted(known))},
        )
    return value


def _duty(value: str) -> str:
    known = data.duties()
    if value not in known:
        raise PydanticCustomError(
            "unknown_duty",
            "'{value}' is not a known duty id (rules/data/duties.yaml){hint}",
            {"value": value, "hint": _suggest(value, sorted(known))},
        )
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
County = Annotated[str, AfterValidator(_county)]
MouTypeId = Annotated[str, AfterValidator(_mou_type)]
DutyId = Annotated[str, AfterValidator(_duty)]
Share = Annotated[float, Field(ge=0.0, le=1.0, strict=True)]
Money = Annotated[float, Field(strict=True)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Url = Annotated[str, Field(pattern=r"^https?://\S+$", max_length=2000)]

PlanModel = Literal["commercial", "local-initiative", "county-organized", "other"]
CacRole = Literal[
    "medi-cal-member", "family-member", "consumer-advocate", "community-organization", "other"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


class Period(_Model):
    """A reporting period; both ends inclusive."""

    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise PydanticCustomError(
                "period_order", "period ends ({end}) before it starts ({start})",
                {"end": str(self.end), "start": str(self.start)},
            )
        return self


class Plan(_Model):
    """Who the report is about. `counties` may be omitted: taken from plan_counties.yaml."""

    name: Text
    id: str | None = None
    counties: list[County] | None = None
    model: PlanModel | None = None
    period: Period

    @model_validator(mode="after")
    def _known_when_needed(self) -> Plan:
        if self.id is not None and self.id not in data.plan_counties():
            raise PydanticCustomError(
                "unknown_plan",
                "plan id '{id}' is not in rules/data/plan_counties.yaml{hint}",
                {"id": self.id, "hint": _suggest(self.id, sorted(data.plan_counties()))},
            )
        if self.counties is None and self.plan_id() is None:
            raise PydanticCustomError(
                "unknown_plan",
                "plan '{name}' is not in rules/data/plan_counties.yaml, so `counties` must be given",
                {"name": self.name},
            )
        return self

    def plan_id(self) -> str | None:
        """The id in plan_counties.yaml: the given `id`, else a name/alias match."""
        return self.id or data.find_plan(self.name)


class CacMember(_Model):
    """One Community Advisory Committee member (no personal names needed)."""

    name: str | None = None
    county: County
    role: CacRole
    demographics: dict[str, str] = Field(default_factory=dict)


class Cac(_Model):
    """The Community Advisory Committee and the enrolment it must reflect."""

    members: list[CacMember]
    enrollment_shares: dict[str, dict[str, Share]] = Field(default_factory=dict)
    meetings: list[IsoDate] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shares_add_up(self) -> Cac:
        for attribute, shares in self.enrollment_shares.items():
            total = sum(shares.values())
            if total > 1.0 + 1e-6:
                raise PydanticCustomError(
                    "shares_sum",
                    "enrollment_shares.{attribute} add up to {total:.3f}; they must not exceed 1",
                    {"attribute": attribute, "total": total},
                )
        return self


class Filing(_Model):
    """One filing or publication duty for one period (and county / MOU where it applies)."""

    duty: DutyId
    period: Period | None = None
    county: County | None = None
    mou_type: MouTypeId | None = None
    due: IsoDate
    filed: IsoDate | None = None
    link: Url | None = None


class MouEntry(_Model):
    """One line of the plan's MOU inventory: a partner type in a county (none if statewide)."""

    county: County | None = None
    type: MouTypeId
    partner: str | None = None
    executed: IsoDate | None = None
    filed_with_dhcs: IsoDate | None = None
    posted: bool = False
    url: Url | None = None
    annual_report: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> MouEntry:
        statewide = data.mou_types()[self.type].get("scope") == "statewide"
        if self.county is None and not statewide:
            raise PydanticCustomError(
                "county_required",
                "`county` is required for MOU type '{type}' (only statewide types may omit it)",
                {"type": self.type},
            )
        if self.url is not None and not self.posted:
            raise PydanticCustomError(
                "posted_url", "a `url` is given but `posted` is false; set posted: true"
            )
        if self.executed is None and self.filed_with_dhcs is not None:
            raise PydanticCustomError(
                "filed_unexecuted", "`filed_with_dhcs` is set but the MOU has no `executed` date"
            )
        return self


class Measure(_Model):
    """A quality measure's rate against its minimum performance level (MPL)."""

    id: str = Field(min_length=1, max_length=100)
    name: Text
    rate: Annotated[float, Field(ge=0.0, strict=True)]
    mpl: Annotated[float, Field(ge=0.0, strict=True)]
    lower_is_better: bool = False
    county: County | None = None


class Quality(_Model):
    """Quality measures for one measurement year."""

    year: int | None = None
    measures: list[Measure] = Field(default_factory=list)


class Reinvestment(_Model):
    """Community reinvestment for one net-income year."""

    year: int | None = None
    net_income: Money
    amount: Annotated[float, Field(ge=0.0, strict=True)]
    plan_filed: IsoDate | None = None
    report_filed: IsoDate | None = None


class PrimaryCare(_Model):
    """Primary care spending as a share of total spending."""

    year: int | None = None
    spend_share: Share
    total_spend: Annotated[float, Field(ge=0.0, strict=True)] | None = None


class PlanReport(_Model):
    """A plan report file (`kind: plan-report`)."""

    kind: Literal["plan-report"]
    plan: Plan
    cac: Cac | None = None
    filings: list[Filing] = Field(default_factory=list)
    mous: list[MouEntry] = Field(default_factory=list)
    quality: Quality | None = None
    reinvestment: Reinvestment | None = None
    primary_care: PrimaryCare | None = None
