"""The services `mozdef run` knows: how to build each one's settings and run it."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

from mozdef_common.settings import CommonSettings

Runner = Callable[..., Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    runner: str  # "module:function", imported only when the service runs
    settings: str  # "module:Class"
    port_setting: str | None = None  # the setting holding its HTTP port, if it listens

    def load_settings(self) -> CommonSettings:
        return cast(CommonSettings, _load(self.settings)())

    async def run(self, settings: CommonSettings, stop: asyncio.Event, ready: asyncio.Event) -> None:
        runner = cast(Runner, _load(self.runner))
        await runner(settings, stop, ready=ready)


def _load(path: str) -> Any:
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)


SERVICES: dict[str, Service] = {
    service.name: service
    for service in (
        Service("ingest", "mozdef_ingest.server:run", "mozdef_ingest.settings:IngestSettings", "ingest_port"),
        Service("enrich", "mozdef_enrich.app:run", "mozdef_enrich.settings:EnrichSettings"),
        Service("indexer", "mozdef_indexer.app:run", "mozdef_indexer.settings:IndexerSettings"),
        Service("alerter", "mozdef_alerter.app:run", "mozdef_alerter.settings:AlerterSettings"),
        Service("api", "mozdef_api.server:run", "mozdef_api.settings:ApiSettings", "api_port"),
    )
}
#: The order `mozdef up` starts them in; it stops them in reverse, the front door first.
START_ORDER = ("alerter", "indexer", "enrich", "ingest", "api")
