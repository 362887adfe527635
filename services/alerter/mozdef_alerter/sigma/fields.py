"""Sigma field names to our event schema (docs/events.md, docs/rules.md).

Every field a Sigma rule names lands under ``details`` lower-cased, as enrichment writes every details
key: a Windows EventData field ``X`` is ``details.x`` (``EventID`` -> ``details.eventid``,
``Image`` -> ``details.image``), an auditd or CloudTrail field keeps its dotted path
(``requestParameters.userName`` -> ``details.requestparameters.username``). Then a few log sources
rename the fields whose MozDef name differs (the W3C names of proxy and web server logs, the
``src_ip``/``dst_ip`` of firewall and Zeek rules).
"""

from __future__ import annotations

DETAILS = "details."


def details_field(name: str | None) -> str:
    """The default home of a Sigma field: ``details.<name lower-cased>``."""
    if name is None:  # pragma: no cover - keywords are not mapped (apply_keyword is off)
        raise ValueError("keyword searches have no field to map")
    return DETAILS + name.lower()


def _details(mapping: dict[str, str]) -> dict[str | None, str | list[str]]:
    """Renames written in Sigma's names, keyed by the name the generic step already produced."""
    return {details_field(src): dst for src, dst in mapping.items()}


#: W3C extended log names of proxy and web server rules, to MozDef's proxy fields.
WEB: dict[str | None, str | list[str]] = _details(
    {
        "c-ip": "details.sourceipaddress",
        "c-uri": "details.destination",
        "c-uri-query": "details.query",
        "c-uri-stem": "details.path",
        "c-uri-extension": "details.extension",
        "c-useragent": "details.useragent",
        "cs-host": "details.host",
        "r-dns": "details.host",
        "cs-method": "details.method",
        "cs-referrer": "details.referrer",
        "cs-cookie": "details.cookie",
        "cs-bytes": "details.requestsize",
        "sc-bytes": "details.responsesize",
        "sc-status": "details.status",
        "dst_ip": "details.destinationipaddress",
        "src_ip": "details.sourceipaddress",
    }
)

#: Network addresses and ports (firewall, Zeek, DNS rules) to MozDef's names.
NETWORK: dict[str | None, str | list[str]] = _details(
    {
        "src_ip": "details.sourceipaddress",
        "dst_ip": "details.destinationipaddress",
        "src_port": "details.sourceport",
        "dst_port": "details.destinationport",
        "id.orig_h": "details.sourceipaddress",
        "id.resp_h": "details.destinationipaddress",
        "id.orig_p": "details.sourceport",
        "id.resp_p": "details.destinationport",
    }
)
