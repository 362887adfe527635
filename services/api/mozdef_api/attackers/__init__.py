"""Attacker profiles in the api service: built from ``mozdef.alerts`` by
:class:`.consumer.AttackerConsumer`, read and annotated through ``/api/v1/attackers`` (:mod:`.routes`).

Wiring: ``app.include_router(mozdef_api.attackers.routes.router)``; with a bus,
``AttackerConsumer(app, bus).start()`` (which creates the indexes) / ``close()``.
See docs/attackers.md.
"""

from __future__ import annotations

from mozdef_api.attackers.consumer import AttackerConsumer
from mozdef_api.attackers.model import COLLECTION
from mozdef_api.attackers.store import prepare

__all__ = ["COLLECTION", "AttackerConsumer", "prepare"]
