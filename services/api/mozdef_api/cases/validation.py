"""Checking what callers of :class:`~mozdef_api.cases.service.Cases` hand in, with errors naming fields.

The service is called by HTTP handlers and by other code (escalating an alert), so it checks its
input itself. A failure raises :class:`CaseValidationError`, a FastAPI ``RequestValidationError``: the
app answers it with 422 and one entry per problem, its ``loc`` naming the field
(``["body", "indicators", 0, "value"]``), like any request body FastAPI refuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class CaseValidationError(RequestValidationError):
    """A case, item or change that does not fit its model; ``errors()`` lists each field and why."""

    def __str__(self) -> str:
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in self.errors())


def validated(
    model: type[M], data: Mapping[str, Any] | BaseModel, *, where: tuple[str, ...] = ("body",)
) -> M:
    """``data`` as ``model`` (as is when it is one already); CaseValidationError when it does not fit."""
    if isinstance(data, model):
        return data
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json", exclude_unset=True, by_alias=True)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False)
        raise CaseValidationError([{**error, "loc": (*where, *error["loc"])} for error in errors]) from None


def refuse(where: tuple[str | int, ...], message: str, value: Any = None) -> CaseValidationError:
    """A CaseValidationError for one problem the models cannot see (an unknown list, a full list)."""
    return CaseValidationError([{"type": "value_error", "loc": where, "msg": message, "input": value}])
