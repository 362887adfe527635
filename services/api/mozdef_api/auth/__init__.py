"""Authentication and authorization of the API: who is calling (:class:`Principal`) and may they."""

from __future__ import annotations

from mozdef_api.auth.authenticator import Authenticator
from mozdef_api.auth.dependencies import bearer_scheme, current_principal, requires
from mozdef_api.auth.principal import Principal

__all__ = ["Authenticator", "Principal", "bearer_scheme", "current_principal", "requires"]
