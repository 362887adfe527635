"""CloudTrail: AWS CloudTrail records mapped to the event schema.

A record arrives as an event of its own: posted alone, as an item of a JSON array (the ``Records``
list of a CloudTrail log file posted as the body), through ``/custom/<app>``, or wrapped as
``{"Records": [record]}`` with one record (unwrapped here; a wrapper holding several records is left
alone: split it before posting). It is recognised by ``eventName`` with ``eventSource`` or
``eventVersion``, in any case (``lowercase_keys`` may have run first).

The record's own keys stay in ``details`` as AWS spells them (the built-in rules read
``details.eventName``, ``details.userIdentity.arn``, ``details.sourceIPAddress``), and it sets:

* ``details.eventname``, ``eventsource``, ``awsregion``, ``username`` (``userIdentity.userName``, the
  session name of an assumed role, ``root``, the invoking service, else the principal id),
  ``useridentitytype``, ``accountid``, ``sourceipaddress`` (when ``sourceIPAddress`` is an address;
  a service name such as ``ec2.amazonaws.com`` goes to ``sourcehostname``), ``useragent``,
  ``errorcode`` and ``errormessage`` when the call failed, ``success`` (false with an error code or a
  failed console login);
* ``details.eventSource`` and ``details.eventType`` again when normalization took them for the
  ``eventsource`` and ``category`` fields;
* ``category`` = ``cloudtrail``, ``source`` = ``cloudtrail``, ``hostname`` = the event source (the
  AWS service called), ``utctimestamp`` from ``eventTime``, tags ``cloudtrail`` and ``aws``;
* ``summary`` = ``"<username> <eventName> on <eventSource>"``, with `` failed: <errorCode>`` and the
  region.

A record whose ``eventName`` is not text, or that has neither ``eventSource`` nor ``eventVersion``, is
left alone. An ``eventTime`` that is not a time leaves the receive time (normalization keeps it as
``details.eventTime_invalid``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from mozdef_common.types import Event
from mozdef_enrich.plugins.ipfixup import canonical_address
from mozdef_enrich.timestamps import parse_time_iso

CATEGORY: Final = "cloudtrail"
# CloudTrail's eventType values: normalization reads "eventType" as the category.
_EVENT_TYPES: Final = frozenset(
    ("awsapicall", "awsserviceevent", "awsconsoleaction", "awsconsolesignin", "awscloudtrailinsight")
)


class CloudTrail:
    name = "cloudtrail"
    priority = 10  # after lowercase_keys, before ipfixup
    registration = ("details.eventName", "details.eventname", "details.Records")

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        details = event["details"]
        record = _unwrap(details)
        if record is None:
            return event
        keys = {key.lower(): key for key in record}
        name = record.get(keys.get("eventname", ""))
        if not isinstance(name, str) or not name:
            return event
        # Posted alone, the record's eventSource was read as the event's "eventsource" field.
        source = record.get(keys["eventsource"]) if "eventsource" in keys else event["eventsource"] or None
        if source is None and "eventversion" not in keys:
            return event
        if source is not None and not isinstance(source, str):
            return event
        when = None
        received = meta.get("received")
        if "eventtime" in keys and isinstance(received, datetime):
            # Unreadable, it stays in details as it is and the receive time is kept (as normalization
            # does, keeping it as eventTime_invalid, when the record is posted alone).
            when = parse_time_iso(record[keys["eventtime"]], received)
        if record is not details:
            event["details"] = details = record
        _give_back(event, keys)
        source_text = source or ""
        mapped = _mapped(record, keys, name, source_text)
        details.update(mapped)
        event["category"] = CATEGORY
        event["source"] = CATEGORY
        if source_text:
            event["hostname"] = source_text
        if when is not None:
            event["utctimestamp"] = event["timestamp"] = when
        event["summary"] = _summary(mapped)
        for tag in (CATEGORY, "aws"):
            if tag not in event["tags"]:
                event["tags"].append(tag)
        return event


def _unwrap(details: dict[str, Any]) -> dict[str, Any] | None:
    records = details.get("Records", details.get("records"))
    if records is None:
        return details
    if isinstance(records, list) and len(records) == 1 and isinstance(records[0], dict) and len(details) == 1:
        return records[0]
    return None


def _give_back(event: Event, keys: Mapping[str, str]) -> None:
    """Put back in ``details`` what normalization read from the record as event fields."""
    details = event["details"]
    if "eventsource" not in keys and event["eventsource"]:
        details["eventSource"] = event["eventsource"]
    if "eventtype" not in keys and event["category"].lower() in _EVENT_TYPES:
        details["eventType"] = event["category"]


def _mapped(record: Mapping[str, Any], keys: Mapping[str, str], name: str, source: str) -> dict[str, Any]:
    def get(key: str) -> Any:
        return record.get(keys.get(key, ""))

    found: dict[str, Any] = {"eventname": name, "eventsource": source}
    identity = get("useridentity")
    identity = identity if isinstance(identity, dict) else {}
    found["username"] = username(identity) or "unknown"
    for key, target in (("type", "useridentitytype"), ("accountid", "accountid")):
        value = _ci(identity, key)
        if isinstance(value, str) and value:
            found[target] = value
    address = get("sourceipaddress")
    if isinstance(address, str) and address:
        canonical = canonical_address(address)
        if canonical is not None:
            found["sourceipaddress"] = canonical
        else:
            found["sourcehostname"] = address  # a service ("ec2.amazonaws.com") or "AWS Internal"
    for key in ("awsregion", "useragent", "errorcode", "errormessage"):
        value = get(key)
        if isinstance(value, str) and value:
            found[key] = value
    found["success"] = "errorcode" not in found
    response = get("responseelements")
    if name == "ConsoleLogin" and isinstance(response, dict):
        outcome = _ci(response, "consolelogin")
        if isinstance(outcome, str):
            found["success"] = outcome.lower() == "success"
    return found


def username(identity: Mapping[str, Any]) -> str | None:
    """Who made the call, as an analyst names them, from a ``userIdentity`` object."""
    name = _ci(identity, "username")
    if isinstance(name, str) and name:
        return name
    kind = _ci(identity, "type")
    if kind == "Root":
        return "root"
    arn = _ci(identity, "arn")
    if isinstance(arn, str) and ":assumed-role/" in arn:
        return arn.split(":assumed-role/", 1)[1].split("/", 1)[-1]  # the role session's name
    for key in ("invokedby", "principalid", "accountid"):
        value = _ci(identity, key)
        if isinstance(value, str) and value:
            return value
    return None


def _ci(obj: Mapping[str, Any], key: str) -> Any:
    """The value at ``key`` in any case (records are camelCase unless lowercase_keys ran)."""
    for name, value in obj.items():
        if name.lower() == key:
            return value
    return None


def _summary(mapped: Mapping[str, Any]) -> str:
    text = f"{mapped['username']} {mapped['eventname']}"
    if mapped["eventsource"]:
        text += f" on {mapped['eventsource']}"
    if "awsregion" in mapped:
        text += f" in {mapped['awsregion']}"
    if "errorcode" in mapped:
        text += f" failed: {mapped['errorcode']}"
    elif mapped["success"] is False:
        text += " failed"
    return text
