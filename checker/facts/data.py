"""Loaders for the policy data files in ``rules/data/``.

Policy authors keep lists that change (MOU partner types, counties, plan coverage, element
ids) in YAML so they never need to touch Python. These loaders parse each file once, check its
top-level shape, and hand out fresh plain copies so callers cannot corrupt the cache.
"""

from __future__ import annotations

import contextlib
import copy
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

from checker import resources

SHIPPED_DATA_DIR = resources.data_dir()  # installed copy, or the checkout's rules/data/
_active: list[Path] = [SHIPPED_DATA_DIR]  # the rule set's data folder while a run uses it


def data_dir() -> Path:
    """The folder every accessor reads: the shipped one, or the rule set's (`--rules DIR`)."""
    return _active[-1]


@contextlib.contextmanager
def using(folder: Path | str | None) -> Iterator[None]:
    """Read reference data from `folder` (a rule set's data/) inside the block, so plan-report
    validation, type detection and rules all see the same MOU types, counties and plans."""
    _active.append(Path(folder) if folder else SHIPPED_DATA_DIR)
    try:
        yield
    finally:
        _active.pop()


def activate(folder: Path | str | None) -> None:
    """Make `folder` the reference data of this process (a worker, for its whole life)."""
    _active[:] = [Path(folder) if folder else SHIPPED_DATA_DIR]


class DataFileError(ValueError):
    """A file in rules/data/ is missing or does not have the expected shape."""


def _read(name: str) -> Any:
    path = data_dir() / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read data file ({exc.strerror or exc})") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(f"{where}: malformed YAML: {problem}") from exc


def _section(name: str, key: str, kind: type) -> Any:
    data = _read(name)
    if not isinstance(data, dict) or not isinstance(data.get(key), kind):
        raise DataFileError(
            f"{data_dir() / name}: expected a top-level `{key}:` "
            f"{'mapping' if kind is dict else 'list'}"
        )
    return data[key]


def _mapping_of_mappings(name: str, key: str, required: tuple[str, ...]) -> dict[str, dict]:
    section = _section(name, key, dict)
    for entry_id, entry in section.items():
        if not isinstance(entry, dict):
            raise DataFileError(f"{data_dir() / name}: `{key}.{entry_id}` must be a mapping")
        missing = [field for field in required if field not in entry]
        if missing:
            raise DataFileError(
                f"{data_dir() / name}: `{key}.{entry_id}` lacks field(s) {', '.join(missing)}"
            )
    return section


@lru_cache(maxsize=None)
def _mou_types(folder: Path) -> dict[str, dict]:
    return _mapping_of_mappings("mou_types.yaml", "types", ("third_party", "effective", "status"))


@lru_cache(maxsize=None)
def _plan_counties(folder: Path) -> dict[str, dict]:
    return _mapping_of_mappings("plan_counties.yaml", "plans", ("name", "counties"))


@lru_cache(maxsize=None)
def _counties(folder: Path) -> list[str]:
    names = _section("counties.yaml", "counties", list)
    if not all(isinstance(n, str) for n in names):
        raise DataFileError(f"{data_dir() / 'counties.yaml'}: every county must be a string")
    return names


@lru_cache(maxsize=None)
def _elements(folder: Path) -> dict[str, dict]:
    return _mapping_of_mappings("elements.yaml", "elements", ("applies", "status", "description"))


@lru_cache(maxsize=None)
def _duties(folder: Path) -> dict[str, dict]:
    return _mapping_of_mappings("duties.yaml", "duties", ("description", "status"))


@lru_cache(maxsize=None)
def _dmc_ods(folder: Path) -> dict[str, Any]:
    section = _section("counties.yaml", "dmc_ods", dict)
    if not isinstance(section.get("counties"), list):
        raise DataFileError(f"{data_dir() / 'counties.yaml'}: `dmc_ods.counties` must be a list")
    return section


def mou_types() -> dict[str, dict]:
    """MOU type id -> {third_party, programs, effective (date|None), status, source, notes}."""
    return copy.deepcopy(_mou_types(data_dir()))


def plan_counties() -> dict[str, dict]:
    """Plan id -> {name, aliases, model, counties, subcontracts} (2024 contract table)."""
    return copy.deepcopy(_plan_counties(data_dir()))


def counties() -> list[str]:
    """The 58 California county names, canonical spelling."""
    return list(_counties(data_dir()))


def elements() -> dict[str, dict]:
    """Element id -> {applies: mou|plan-report, status, description, mou_types?, notes?}."""
    return copy.deepcopy(_elements(data_dir()))


def duties() -> dict[str, dict]:
    """Duty id -> {description, per, status, source}: what `filings[].duty` may name."""
    return copy.deepcopy(_duties(data_dir()))


def dmc_ods_counties() -> dict[str, Any]:
    """{status, source, counties}: counties running DMC-ODS (others need a `dmc` MOU)."""
    return copy.deepcopy(_dmc_ods(data_dir()))


def canonical_county(name: str) -> str | None:
    """The canonical spelling of a county name (case/space-insensitive), or None if unknown."""
    wanted = " ".join(name.split()).casefold()
    wanted = wanted.removesuffix(" county")
    for county in _counties(data_dir()):
        if county.casefold() == wanted:
            return county
    return None


def find_plan(name_or_id: str) -> str | None:
    """The plan id in plan_counties.yaml matching an id, name or alias (case-insensitive)."""
    wanted = " ".join(name_or_id.split()).casefold()
    for plan_id, plan in _plan_counties(data_dir()).items():
        names = [plan_id, plan.get("name", ""), *(plan.get("aliases") or [])]
        if any(str(n).casefold() == wanted for n in names):
            return plan_id
    return None


def served_counties(plan_id: str) -> list[str]:
    """Counties a plan serves: its own contract counties plus those where it is a subcontractor."""
    plan = _plan_counties(data_dir())[plan_id]
    served = list(plan.get("counties") or [])
    for sub in plan.get("subcontracts") or []:
        if sub.get("county") not in served:
            served.append(sub["county"])
    return served


def clear_cache() -> None:
    """Forget parsed files (tests and long-running tools that edit data files)."""
    for loader in (_read_in, _mou_types, _plan_counties, _counties, _elements, _duties, _dmc_ods):
        loader.cache_clear()
