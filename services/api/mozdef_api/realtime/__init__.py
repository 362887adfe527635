"""Live updates: changes and presence fanned out to analysts' browsers over WebSockets.

:mod:`.feed` publishes to and follows ``mozdef.updates``; :mod:`.hub` holds this replica's clients and
recent changes; :mod:`.routes` is the ``/api/v1/ws`` endpoint; :mod:`.protocol` its frames.
"""

from __future__ import annotations

from mozdef_api.realtime.feed import ChangeFeed
from mozdef_api.realtime.hub import Hub
from mozdef_api.realtime.metrics import RealtimeMetrics
from mozdef_api.realtime.routes import router

__all__ = ["ChangeFeed", "Hub", "RealtimeMetrics", "router"]
