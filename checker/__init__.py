"""compliance-check: rules engine for Medi-Cal managed care MOUs and plan reports."""

__version__ = "0.1.0"
