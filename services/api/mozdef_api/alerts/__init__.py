"""Alerts in the api service: stored from ``mozdef.alerts`` by :class:`.consumer.AlertConsumer`,
triaged through ``/api/v1/alerts`` (:mod:`.routes`).

Wiring: ``app.include_router(mozdef_api.alerts.routes.router)``; at start ``await prepare(state)``
(indexes) and, with a bus, ``AlertConsumer(app, bus).start()`` / ``close()``.
"""

from __future__ import annotations

from mozdef_api.alerts.consumer import AlertConsumer
from mozdef_api.alerts.model import COLLECTION
from mozdef_api.alerts.store import prepare

__all__ = ["COLLECTION", "AlertConsumer", "prepare"]
