"""The API's authentication dependency: every route but the health checks requires the token."""

from __future__ import annotations

from fastapi import HTTPException, Request, status
from fastapi.security import HTTPBearer

from mozdef_common.auth import authorization_matches

# Declared for the OpenAPI spec (integrators see the scheme); the check itself is ours.
bearer_scheme = HTTPBearer(auto_error=False, description="The API token or an API key.")


def require_token(request: Request) -> None:
    token: str = request.app.state.token
    if not authorization_matches(request.headers.get("authorization"), token):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing or wrong credentials: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
