"""CI gate: exit policy, baselines and suppressions, kept apart from formatting."""
from __future__ import annotations


class GateConfigError(Exception):
    """A baseline or suppression file that cannot be used; the message names the file."""
