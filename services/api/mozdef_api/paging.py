"""Paging parameters every listing shares, bounded so no request can ask a store for the impossible."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import Query

#: Deeper than any analyst pages by hand; past it, narrow the filter instead.
MAX_OFFSET: Final = 1_000_000

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip, for the next page.")]
