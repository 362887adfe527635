"""Every query case, numbered in the order its module declares it (see :mod:`.case_model`)."""

from __future__ import annotations

from tests.conformance import cases_syntax, cases_values
from tests.conformance.case_model import CASES, QueryCase

#: The modules that declare cases (importing them registers their cases, in this order).
MODULES = (cases_syntax, cases_values)

__all__ = ["CASES", "MODULES", "QueryCase"]
