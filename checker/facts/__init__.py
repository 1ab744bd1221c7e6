"""Plan reports: pydantic models, a located-error loader, and the policy data files."""

from checker.facts.load import PlanReportError, Problem, is_plan_report, load_plan_report
from checker.facts.models import PlanReport

__all__ = ["PlanReport", "PlanReportError", "Problem", "is_plan_report", "load_plan_report"]
