"""Template deviation check: align a submitted MOU with the DHCS-style template it was drafted
from, provision by provision, and decide how it may be filed.

Why a package of its own: the gap check asks "is each duty present?"; this asks "what did the
plan change from the template, and does a change touch a mandatory provision?". It reads the
same clause tree (checker.document) through the same extraction cache, but has its own result
model and renderers, because a provision's status (kept / edited / moved / removed / added) is
not a rule verdict.
"""
