"""Query cases of values: dates, numbers, existence, typed details, escaping, windows, dead letters, CIDR."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conformance.case_model import anything, case, nothing
from tests.conformance.semantics import (
    at,
    details_is,
    in_subnet,
    leaves,
    numbers,
    paths,
    strings,
    utc,
)

# -- date ranges -----------------------------------------------------------------------------------

DAY2 = at("2026-11-21T00:00:00Z")
case(
    "date-range-inclusive",
    "utctimestamp:[2026-11-21T00:00:00Z TO 2026-11-21T12:00:00Z]",
    lambda e: DAY2 <= utc(e) <= at("2026-11-21T12:00:00Z"),
)
case(
    "date-range-exclusive",
    "utctimestamp:{2026-11-21T00:00:00Z TO 2026-11-21T12:00:00Z}",
    lambda e: DAY2 < utc(e) < at("2026-11-21T12:00:00Z"),
)
case("date-range-open-upper", "utctimestamp:[2026-11-21T00:00:00Z TO *]", lambda e: utc(e) >= DAY2)
case(
    "date-range-open-lower-exclusive-upper",
    "utctimestamp:[* TO 2026-11-20T06:00:00Z}",
    lambda e: utc(e) < at("2026-11-20T06:00:00Z"),
)
case("date-gte", "utctimestamp:>=2026-11-22T00:00:00Z", lambda e: utc(e) >= at("2026-11-22T00:00:00Z"))
case("date-gt-excludes-the-instant", "utctimestamp:>2026-11-21T00:00:00Z", lambda e: utc(e) > DAY2)
case("date-lt", "utctimestamp:<2026-11-20T01:00:00Z", lambda e: utc(e) < at("2026-11-20T01:00:00Z"))
case("date-lte-includes-the-instant", "utctimestamp:<=2026-11-21T00:00:00Z", lambda e: utc(e) <= DAY2)
case(
    "date-bare-day-is-the-whole-day",
    "utctimestamp:2026-11-21",
    lambda e: utc(e).date().isoformat() == "2026-11-21",
)
case("date-exact-instant", 'utctimestamp:"2026-11-21T00:00:00+00:00"', lambda e: utc(e) == DAY2)
case(
    "date-range-with-offset",
    'utctimestamp:["2026-11-20T12:00:00+01:00" TO "2026-11-20T13:00:00+01:00"]',
    lambda e: at("2026-11-20T11:00:00Z") <= utc(e) <= at("2026-11-20T12:00:00Z"),
)
case(
    "date-range-receivedtimestamp",
    "receivedtimestamp:[2026-11-21T00:00:00Z TO 2026-11-21T00:30:00Z]",
    lambda e: DAY2 <= utc(e, "receivedtimestamp") <= at("2026-11-21T00:30:00Z"),
)
case(
    "date-range-timestamp",
    "timestamp:<2026-11-20T00:00:00Z",
    lambda e: utc(e, "timestamp") < at("2026-11-20T00:00:00Z"),
)
case(
    "date-range-microseconds",
    "utctimestamp:[2026-11-21T00:00:00.000001Z TO 2026-11-21T00:10:00Z]",
    lambda e: at("2026-11-21T00:00:00.000001Z") <= utc(e) <= at("2026-11-21T00:10:00Z"),
)
case(
    "date-range-and-keyword",
    "utctimestamp:[2026-11-22T00:00:00Z TO *] AND category:windows",
    lambda e: utc(e) >= at("2026-11-22T00:00:00Z") and e["category"] == "windows",
)
case(
    "date-relative-everything",
    "utctimestamp:>now-3650d",
    expect_at=lambda now, e: utc(e) > now - timedelta(days=3650),
    everything=True,
)
# The data lie in 2026-11-20 .. 22 whatever today is: relative bounds are chosen when the cases load
# so that they cut through the middle of the data (the hours and days from now back to it).
_SINCE_MIDDLE = datetime.now(UTC) - at("2026-11-21T12:00:00Z")
_HOURS = max(1, _SINCE_MIDDLE // timedelta(hours=1))
_DAYS = max(1, _SINCE_MIDDLE // timedelta(days=1))


def _midnight(instant: datetime) -> datetime:
    return instant.replace(hour=0, minute=0, second=0, microsecond=0)


case(
    "date-relative-lt",
    f"utctimestamp:<now-{_HOURS}h",
    expect_at=lambda now, e: utc(e) < now - timedelta(hours=_HOURS),
)
case(
    "date-relative-rounded-down",
    # /d rounds down at both ends (mozdef_common.query.timerange), inclusive range.
    f"utctimestamp:[now-{_DAYS + 1}d/d TO now-{_DAYS}d/d]",
    expect_at=lambda now, e: (
        _midnight(now - timedelta(days=_DAYS + 1)) <= utc(e) <= _midnight(now - timedelta(days=_DAYS))
    ),
)
case(
    "date-relative-future",
    "utctimestamp:>now+1d",
    expect_at=lambda now, e: utc(e) > now + timedelta(days=1),
    empty=True,
)

# -- numeric ranges under details (numbers only, strings are not ranged) ---------------------------

case(
    "number-range-inclusive",
    "details.bytes:[1000 TO 5000]",
    lambda e: any(1000 <= v <= 5000 for v in numbers(e, "bytes")),
)
case(
    "number-range-exclusive",
    "details.bytes:{1000 TO 5000}",
    lambda e: any(1000 < v < 5000 for v in numbers(e, "bytes")),
)
case("number-gte", "details.bytes:>=99000", lambda e: any(v >= 99000 for v in numbers(e, "bytes")))
case("number-lt", "details.bytes:<1000", lambda e: any(v < 1000 for v in numbers(e, "bytes")))
case(
    "number-range-skips-strings",
    "details.destinationport:[1 TO 100]",
    lambda e: any(1 <= v <= 100 for v in numbers(e, "destinationport")),
)
case(
    "number-nested-gte",
    "details.http.status:>=400",
    lambda e: any(v >= 400 for v in numbers(e, "http.status")),
)
case(
    "number-float-range",
    "details.duration:[1.5 TO 2.5]",
    lambda e: any(1.5 <= v <= 2.5 for v in numbers(e, "duration")),
)
case("number-float-lt", "details.ratio:<1.5", lambda e: any(v < 1.5 for v in numbers(e, "ratio")))
case(
    "number-range-mixed-types",
    "details.count:[10 TO 20]",
    lambda e: any(10 <= v <= 20 for v in numbers(e, "count")),
)
case(
    "number-range-eventid",
    "details.eventid:[4600 TO 4700]",
    lambda e: any(4600 <= v <= 4700 for v in numbers(e, "eventid")),
)
case(
    "number-open-lower",
    "details.request.params.size:[* TO 10]",
    lambda e: any(v <= 10 for v in numbers(e, "request.params.size")),
)
case("number-gt", "details.seq:>2390", lambda e: any(v > 2390 for v in numbers(e, "seq")))
case(
    "number-gt-port", "details.sourceport:>60000", lambda e: any(v > 60000 for v in numbers(e, "sourceport"))
)
case(
    "number-range-negative-lower",
    "details.bytes:[-5 TO 500]",
    lambda e: any(-5 <= v <= 500 for v in numbers(e, "bytes")),
)
case(
    "date-range-under-details",
    "details.when:[2026-11-20T00:00:00Z TO 2026-11-21T00:00:00Z]",
    lambda e: any(at("2026-11-20T00:00:00Z") <= at(v) <= DAY2 for v in strings(e, "when")),
)

case("keyword-range", "hostname:[fw1 TO fw2]", lambda e: "fw1" <= e["hostname"] <= "fw2")
case("keyword-range-exclusive", "hostname:{fw1 TO web1}", lambda e: "fw1" < e["hostname"] < "web1")

# -- existence -------------------------------------------------------------------------------------

case("exists-details", "_exists_:details.username", lambda e: "username" in paths(e))
case("star-is-exists", "details.username:*", lambda e: "username" in paths(e))
case("exists-string-or-object", "_exists_:details.user", lambda e: "user" in paths(e))
case("exists-only-objects-have-it", "_exists_:details.user.name", lambda e: "user.name" in paths(e))
case("exists-object", "_exists_:details.http", lambda e: "http" in paths(e))
case("star-nested", "details.http.status:*", lambda e: "http.status" in paths(e))
case("exists-dotted-key", "_exists_:details.request.path", lambda e: "request.path" in paths(e))
case("exists-dotted-key-prefix", "_exists_:details.request", lambda e: "request" in paths(e))
case(
    "missing-key",
    "category:firewall AND NOT _exists_:details.bytes",
    lambda e: e["category"] == "firewall" and "bytes" not in paths(e),
)
case("exists-rare", "_exists_:details.errorcode", lambda e: "errorcode" in paths(e))
case("exists-keyword-with-empty-strings", "_exists_:hostname", anything, everything=True)
case("star-keyword", "category:*", anything, everything=True)
case(
    "exists-summary-empty-string-present",
    "_exists_:summary",
    anything,
    everything=True,
)
case("exists-dotted-then-nested", "_exists_:details.note.deep.leaf", lambda e: "note.deep.leaf" in paths(e))
case("exists-list-of-objects", "_exists_:details.resources.name", lambda e: "resources.name" in paths(e))
case("exists-absent-path", "_exists_:details.nothing", nothing, empty=True)
case("exists-tags-non-empty", "_exists_:tags", lambda e: len(e["tags"]) > 0)
case("not-exists-details", "NOT _exists_:details.note", lambda e: "note" not in paths(e))

# -- numbers, booleans and strings under details ---------------------------------------------------

case(
    "number-finds-number-and-string",
    "details.destinationport:443",
    lambda e: details_is(e, "destinationport", "443"),
)
case(
    "number-and-string-by-hand",
    "details.destinationport:443",
    lambda e: 443 in leaves(e, "destinationport") or "443" in leaves(e, "destinationport"),
)
case(
    "quoted-number-finds-number-and-string",
    'details.destinationport:"443"',
    lambda e: 443 in numbers(e, "destinationport") or "443" in strings(e, "destinationport"),
)
case(
    "count-number-or-string",
    "details.count:7",
    lambda e: 7 in numbers(e, "count") or "7" in strings(e, "count"),
)
case(
    "count-quoted-number-or-string",
    'details.count:"7"',
    lambda e: 7 in numbers(e, "count") or "7" in strings(e, "count"),
)
case("bool-true", "details.success:true", lambda e: True in leaves(e, "success"))
case("bool-false", "details.success:false", lambda e: False in leaves(e, "success"))
case("bool-as-string", "details.logonsuccess:true", lambda e: "true" in strings(e, "logonsuccess"))
case("bool-nested", "details.user.mfa:true", lambda e: True in leaves(e, "user.mfa"))
case("number-int", "details.eventid:4624", lambda e: 4624 in numbers(e, "eventid"))
case("number-nested", "details.http.status:404", lambda e: 404 in numbers(e, "http.status"))
case(
    "number-float-form-of-int",
    "details.destinationport:443.0",
    lambda e: 443 in numbers(e, "destinationport"),
)
case("number-zero", "details.bytes:0", lambda e: 0 in numbers(e, "bytes") or "0" in strings(e, "bytes"))

# -- type conflicts and dotted keys ----------------------------------------------------------------

case("conflict-string-leaf", "details.user:alice", lambda e: "alice" in strings(e, "user"))
case(
    "conflict-string-with-backslash",
    r"details.user:CORP\\alice",
    lambda e: "CORP\\alice" in strings(e, "user"),
)
case("conflict-object-leaf", "details.user.name:alice", lambda e: "alice" in strings(e, "user.name"))
case(
    "conflict-either-shape",
    r"details.user:CORP\\bob OR details.user.name:bob OR details.user:bob",
    lambda e: (
        "CORP\\bob" in strings(e, "user") or "bob" in strings(e, "user.name") or "bob" in strings(e, "user")
    ),
)
case(
    "dotted-key-escaped-slash",
    r"details.request.path:\/login",
    lambda e: "/login" in strings(e, "request.path"),
)
case("dotted-key-quoted", 'details.request.path:"/login"', lambda e: "/login" in strings(e, "request.path"))
case(
    "dotted-key-question-mark",
    r'details.request.path:"/api/v1/items?id=7"',
    lambda e: "/api/v1/items?id=7" in strings(e, "request.path"),
)
case(
    "dotted-then-nested",
    "details.note.deep.leaf:dotted-then-nested",
    lambda e: "dotted-then-nested" in strings(e, "note.deep.leaf"),
)
case(
    "list-of-objects-leaf",
    "details.resources.name:bucket-3",
    lambda e: "bucket-3" in strings(e, "resources.name"),
)

# -- escaping and special characters ---------------------------------------------------------------

case("escaped-space", r"details.note:with\ space", lambda e: "with space" in strings(e, "note"))
case("quoted-space", 'details.note:"with space"', lambda e: "with space" in strings(e, "note"))
case("escaped-colon", r"details.note:colon\:value", lambda e: "colon:value" in strings(e, "note"))
case("unescaped-colon-after-field", "details.note:colon:value", lambda e: "colon:value" in strings(e, "note"))
case("slash-inside-value", "details.note:slash/value", lambda e: "slash/value" in strings(e, "note"))
case("escaped-quote", r"details.note:quote\"value", lambda e: 'quote"value' in strings(e, "note"))
case("escaped-quote-in-phrase", r'details.note:"quote\"value"', lambda e: 'quote"value' in strings(e, "note"))
case("escaped-backslash", r"details.note:back\\slash", lambda e: "back\\slash" in strings(e, "note"))
case("escaped-star-is-literal", r"details.note:star\*value", lambda e: "star*value" in strings(e, "note"))
case(
    "escaped-question-is-literal",
    r"details.note:question\?value",
    lambda e: "question?value" in strings(e, "note"),
)
case("quoted-star-is-literal", 'details.note:"star*value"', lambda e: "star*value" in strings(e, "note"))
case("quoted-empty-string", 'details.note:""', lambda e: "" in strings(e, "note"))
case(
    "escaped-windows-path",
    r"details.path:C\:\\Windows\\System32\\cmd.exe",
    lambda e: "C:\\Windows\\System32\\cmd.exe" in strings(e, "path"),
)
case(
    "quoted-windows-path",
    r'details.path:"C:\\Program Files\\App\\app.exe"',
    lambda e: "C:\\Program Files\\App\\app.exe" in strings(e, "path"),
)
case("unicode-value", "details.note:ünïcødé", lambda e: "ünïcødé" in strings(e, "note"))
case("cjk-value", "details.note:日本語のテキスト", lambda e: "日本語のテキスト" in strings(e, "note"))
case("emoji-value", 'details.note:"emoji 🔥 fire"', lambda e: "emoji 🔥 fire" in strings(e, "note"))
case(
    "quoted-url-with-star",
    'details.url:"https://intranet.corp/search?q=a*b"',
    lambda e: "https://intranet.corp/search?q=a*b" in strings(e, "url"),
)
case("case-sensitive-details", 'details.note:"upper lower"', nothing, empty=True)
case("apostrophe", "details.username:o'brien", lambda e: "o'brien" in strings(e, "username"))
case("unicode-username", "details.username:ève", lambda e: "ève" in strings(e, "username"))
case(
    "quoted-parentheses-semicolon",
    'details.useragent:"Mozilla/5.0 (X11; Linux x86_64)"',
    lambda e: "Mozilla/5.0 (X11; Linux x86_64)" in strings(e, "useragent"),
)
case(
    "escaped-colons-arn",
    r"details.user.arn:arn\:aws\:iam\:\:123456789012\:user\/alice",
    lambda e: "arn:aws:iam::123456789012:user/alice" in strings(e, "user.arn"),
)
case(
    "escaped-parentheses",
    r"details.useragent:Mozilla\/5.0\ \(X11;\ Linux\ x86_64\)",
    lambda e: "Mozilla/5.0 (X11; Linux x86_64)" in strings(e, "useragent"),
)
case(
    "escaped-keyword-operator-as-word",
    r"details.action:\AND",
    nothing,
    empty=True,
)

# -- start / end windows (inclusive at both ends) --------------------------------------------------

case(
    "window-one-day",
    "*",
    lambda e: DAY2 <= utc(e) <= at("2026-11-21T23:59:59.999999Z"),
    start="2026-11-21T00:00:00Z",
    end="2026-11-21T23:59:59.999999Z",
)
case(
    "window-across-days",
    "category:authentication",
    lambda e: (
        e["category"] == "authentication"
        and at("2026-11-20T12:00:00Z") <= utc(e) <= at("2026-11-22T12:00:00Z")
    ),
    start="2026-11-20T12:00:00Z",
    end="2026-11-22T12:00:00Z",
)
case("window-end-inclusive", "*", lambda e: utc(e) <= DAY2, end="2026-11-21T00:00:00Z")
case("window-start-inclusive", "*", lambda e: utc(e) >= DAY2, start="2026-11-21T00:00:00Z")
case("window-after-the-data", "*", nothing, start="2026-11-23T00:00:00Z", empty=True)
case(
    "window-and-query-range",
    "utctimestamp:>=2026-11-21T06:00:00Z",
    lambda e: at("2026-11-21T06:00:00Z") <= utc(e) <= at("2026-11-21T07:00:00Z"),
    end="2026-11-21T07:00:00Z",
)
case(
    "window-with-offset",
    "category:proxy",
    lambda e: e["category"] == "proxy" and at("2026-11-21T22:00:00Z") <= utc(e),
    start="2026-11-22T00:00:00+02:00",
)

# -- dead letters ----------------------------------------------------------------------------------

case("deadletter-all", "*", anything, family="deadletter", everything=True)
case(
    "deadletter-reason",
    'details.reason:"mapping conflict"',
    lambda e: "mapping conflict" in strings(e, "reason"),
    family="deadletter",
)
case("deadletter-not-in-events", "category:deadletter", nothing, empty=True)
case(
    "deadletter-window",
    "source:enrich",
    lambda e: e["source"] == "enrich" and utc(e) >= at("2026-11-21T00:00:00Z"),
    family="deadletter",
    start="2026-11-21T00:00:00Z",
)

# -- CIDR on address fields ------------------------------------------------------------------------

case(
    "cidr-8",
    "details.sourceipaddress:10.0.0.0/8",
    lambda e: in_subnet(e, "sourceipaddress", "10.0.0.0/8"),
    needs="cidr",
)
case(
    "cidr-16",
    "details.sourceipaddress:192.168.0.0/16",
    lambda e: in_subnet(e, "sourceipaddress", "192.168.0.0/16"),
    needs="cidr",
)
case(
    "cidr-24",
    "details.sourceipaddress:192.168.1.0/24",
    lambda e: in_subnet(e, "sourceipaddress", "192.168.1.0/24"),
    needs="cidr",
)
case(
    "cidr-32",
    "details.sourceipaddress:8.8.8.8/32",
    lambda e: in_subnet(e, "sourceipaddress", "8.8.8.8/32"),
    needs="cidr",
)
case(
    "cidr-20",
    "details.sourceipaddress:172.16.0.0/20",
    lambda e: in_subnet(e, "sourceipaddress", "172.16.0.0/20"),
    needs="cidr",
)
case(
    "cidr-ipv6",
    "details.sourceipaddress:2001\\:db8\\:\\:/32",
    lambda e: in_subnet(e, "sourceipaddress", "2001:db8::/32"),
    needs="cidr",
)
case(
    "cidr-ipv6-unescaped",
    "details.sourceipaddress:2001:db8::/32",
    lambda e: in_subnet(e, "sourceipaddress", "2001:db8::/32"),
    needs="cidr",
)
case(
    "cidr-boolean",
    "details.destinationipaddress:10.0.0.0/8 AND NOT details.sourceipaddress:10.0.0.0/8",
    lambda e: (
        in_subnet(e, "destinationipaddress", "10.0.0.0/8")
        and not in_subnet(e, "sourceipaddress", "10.0.0.0/8")
    ),
    needs="cidr",
)
case("cidr-escaped-slash-is-a-plain-value", r"details.sourceipaddress:10.0.0.0\/8", nothing, empty=True)
case(
    "ip-term-ipv4", "details.sourceipaddress:10.0.0.5", lambda e: "10.0.0.5" in strings(e, "sourceipaddress")
)
case(
    "ip-term-ipv6", 'details.sourceipaddress:"fe80::1"', lambda e: "fe80::1" in strings(e, "sourceipaddress")
)
