"""FastAPI dependencies that guard routes: ``Depends(requires(Action.WRITE))`` gives the caller.

Anonymous callers get 401 with ``WWW-Authenticate: Bearer``; callers whose role lacks the action get
403 naming both. The action a route needs is published in the OpenAPI document as the role list of its
security requirement (``security: [{"HTTPBearer": ["write"]}]``, as OpenAPI 3.1 allows for non-OAuth
schemes); an empty list means any signed-in caller. Integrators read it there, and the role-matrix
test checks every route against it.
"""

# No `from __future__ import annotations`: FastAPI reads these annotations at runtime, and the one in
# `requires` names a local variable that a postponed (string) annotation could not resolve.

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mozdef_api.auth.principal import Principal
from mozdef_common.accounts import Action

# Declared for the OpenAPI spec (integrators see the scheme); the check itself is ours.
bearer_scheme = HTTPBearer(auto_error=False, description="A session token (sign-in) or an API key.")


Presented = Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)]


async def current_principal(request: Request, _: Presented) -> Principal:
    principal: Principal | None = await request.app.state.authenticator.authenticate_header(
        request.headers.get("authorization")
    )
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing, wrong or expired credentials: send 'Authorization: Bearer <token or API key>'",
            headers={"WWW-Authenticate": 'Bearer realm="mozdef"'},
        )
    request.state.principal = principal
    return principal


def requires(action: Action) -> Callable[..., Awaitable[Principal]]:
    """A dependency answering the caller when their role permits ``action``, 403 otherwise."""

    async def dependency(
        principal: Annotated[Principal, Depends(current_principal)],
        _: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme, scopes=[action.value])],
    ) -> Principal:
        if not principal.may(action):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"the {principal.role.value} role may not {action.value}",
            )
        return principal

    return dependency
