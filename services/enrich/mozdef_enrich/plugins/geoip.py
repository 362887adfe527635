"""GeoIP: where the addresses of an event are, as MozDef's geoip plugin said it.

For every address key of ``details`` (the keys ipfixup canonicalizes: ``ip``, ``*ipaddress``, ``*_ip``,
``srcip``, ``clientip`` … see :func:`mozdef_common.query.fields.is_address_key`) holding an address:

* a public address gets ``details.<prefix>geolocation``, an object with ``country_code``,
  ``country_name``, ``city``, ``latitude``, ``longitude`` and ``continent``, each when known, and
  ``details.<prefix>geopoint`` = ``"<latitude>,<longitude>"`` when the coordinates are known. The prefix
  is the key less a final ``address``: ``sourceipaddress`` gives ``sourceipgeolocation`` and
  ``sourceipgeopoint`` (MozDef's names); ``srcip`` gives ``srcipgeolocation``;
* an address in a private, loopback, link-local, multicast or reserved range (:mod:`.geoip_scope`) is
  never looked up: it gets ``details.<key>_scope`` = the scope (``"private"`` …) and the event the tag
  ``<scope>-address`` (``private-address``, ``link-local-address`` …).

Country is known offline out of the box (``iptocc``); city and coordinates when ``MOZDEF_GEOIP_DB``
names a MaxMind-format database (:mod:`.geoip_lookup`). Answers are cached
(``MOZDEF_ENRICH_GEOIP_CACHE_SIZE``). A failed lookup leaves the fields out; it never fails the event.
Running the plugin again on its own output changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mozdef_common.geo import MaxMindDatabase
from mozdef_common.types import Event
from mozdef_enrich.plugins.geoip_lookup import Locator
from mozdef_enrich.plugins.ipfixup import is_ip_key
from mozdef_enrich.settings import EnrichSettings


class GeoIP:
    name = "geoip"
    # After ipfixup (30): it reads the canonical addresses that ipfixup leaves.
    priority = 35
    keeps_schema = True
    registration = ("*",)

    def __init__(self, settings: EnrichSettings | None = None) -> None:
        database = None
        cache_size = 65_536
        if settings is not None:
            cache_size = settings.geoip_cache_size
            if settings.geoip_db is not None:
                # A configured database that cannot be read stops this plugin at start-up (the registry
                # reports it by name) rather than quietly enriching with countries only.
                database = MaxMindDatabase(settings.geoip_db.expanduser())
        self.locator = Locator(database, cache_size=cache_size)

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        details = event["details"]
        # Listed first: enriching adds keys to details.
        found = [(key, value) for key, value in details.items() if type(value) is str and is_ip_key(key)]
        locate = self.locator.locate
        for key, value in found:
            place = locate(value)
            if place.scope is not None:
                details[key + "_scope"] = place.scope
                tag = place.scope + "-address"
                if tag not in event["tags"]:
                    event["tags"].append(tag)
            elif place.geolocation is not None:
                prefix = geo_prefix(key)
                geolocation = dict(place.geolocation)  # a copy: the cached answer is shared by events
                details[prefix + "geolocation"] = geolocation
                if "latitude" in geolocation:
                    details[prefix + "geopoint"] = f"{geolocation['latitude']},{geolocation['longitude']}"
        return event


def geo_prefix(key: str) -> str:
    """``sourceipaddress`` -> ``sourceip``: the stem of the geolocation keys of an address key."""
    return key[: -len("address")] if key.lower().endswith("address") else key
