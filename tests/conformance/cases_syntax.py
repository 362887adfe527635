"""Query cases of the syntax: keyword fields, summary, default field, boolean logic, wildcards, regexes."""

from __future__ import annotations

import re

from tests.conformance.case_model import anything, case, default_field, nothing
from tests.conformance.semantics import (
    has_phrase,
    has_word,
    leaves,
    numbers,
    strings,
    words,
)

# -- keyword fields: exact and case-sensitive ------------------------------------------------------

case("id-exact", "id:c-00042", lambda e: e["id"] == "c-00042")
case("id-group", "id:(c-00001 OR c-00002 OR c-02400)", lambda e: e["id"] in {"c-00001", "c-00002", "c-02400"})
case("category-exact", "category:authentication", lambda e: e["category"] == "authentication")
case("category-capitalized", "category:Misc", lambda e: e["category"] == "Misc")
case("category-lower", "category:misc", lambda e: e["category"] == "misc")
case("category-upper-matches-nothing", "category:MISC", nothing, empty=True)
case("source-capitalized", "source:Firewall", lambda e: e["source"] == "Firewall")
case("source-lower", "source:firewall", lambda e: e["source"] == "firewall")
case("source-with-slash", "source:custom/app1", lambda e: e["source"] == "custom/app1")
case("source-escaped-slash", r"source:custom\/app2", lambda e: e["source"] == "custom/app2")
case("hostname-fqdn", "hostname:bastion1.example.com", lambda e: e["hostname"] == "bastion1.example.com")
case("hostname-fqdn-case", "hostname:Bastion1.example.com", lambda e: e["hostname"] == "Bastion1.example.com")
case("hostname-not-a-prefix", "hostname:web1", lambda e: e["hostname"] == "web1")
case("hostname-empty-string", 'hostname:""', lambda e: e["hostname"] == "")
case("processid-wildcard", "processid:3???", lambda e: len(e["processid"]) == 4 and e["processid"][0] == "3")
case("processid-exact", "processid:4242", lambda e: e["processid"] == "4242")
case("processid-empty-string", 'processid:""', lambda e: e["processid"] == "")
case("source-empty-string", 'source:""', lambda e: e["source"] == "")
case("processname-exact", "processname:sshd", lambda e: e["processname"] == "sshd")
case("processname-dotted", "processname:cmd.exe", lambda e: e["processname"] == "cmd.exe")
case("severity-upper", "severity:WARNING", lambda e: e["severity"] == "WARNING")
case("severity-lower-matches-nothing", "severity:warning", nothing, empty=True)
case("eventsource-exact", "eventsource:systemslogs", lambda e: e["eventsource"] == "systemslogs")
case("tags-any-element", "tags:failure", lambda e: "failure" in e["tags"])
case("tags-with-colon", "tags:app:one", lambda e: "app:one" in e["tags"])
case("tags-escaped-colon", r"tags:app\:one", lambda e: "app:one" in e["tags"])
case("tags-with-slash", "tags:a/b", lambda e: "a/b" in e["tags"])
case("tags-with-dash", "tags:event-4624", lambda e: "event-4624" in e["tags"])
case("keyword-quoted-is-exact", 'hostname:"web10"', lambda e: e["hostname"] == "web10")

# -- summary: analyzed text ------------------------------------------------------------------------

case("summary-word", "summary:failed", lambda e: "failed" in words(e["summary"]))
case("summary-word-capitalized", "summary:Failed", lambda e: "failed" in words(e["summary"]))
case("summary-word-upper", "summary:FAILED", lambda e: "failed" in words(e["summary"]))
case("summary-phrase", 'summary:"failed password"', lambda e: has_phrase(e, "failed password"))
case(
    "summary-long-phrase",
    'summary:"Accepted publickey for alice"',
    lambda e: has_phrase(e, "accepted publickey for alice"),
)
case("summary-phrase-across", 'summary:"password for"', lambda e: has_phrase(e, "password for"))
case("summary-phrase-order-matters", 'summary:"publickey accepted"', nothing, empty=True)
case("summary-phrase-three", 'summary:"invalid user admin"', lambda e: has_phrase(e, "invalid user admin"))
case("summary-digits-word", "summary:ssh2", lambda e: "ssh2" in words(e["summary"]))
case("summary-unicode", "summary:échec", lambda e: "échec" in words(e["summary"]))
case("summary-unicode-upper", "summary:ÉCHEC", lambda e: "échec" in words(e["summary"]))
case("summary-japanese", "summary:ユーザー", lambda e: "ユーザー" in words(e["summary"]))
case("summary-quoted-words", 'summary:"hello world"', lambda e: has_phrase(e, "hello world"))
case("summary-number", "summary:95", lambda e: "95" in words(e["summary"]))
case("summary-split-on-slash", 'summary:"dev sda1"', lambda e: has_phrase(e, "dev sda1"))
case("summary-split-on-underscore", "summary:error_code", lambda e: has_phrase(e, "error code"))
case("summary-split-on-equals", "summary:E42", lambda e: "e42" in words(e["summary"]))
case(
    "summary-whitespace-runs",
    'summary:"multiple spaces and tabs"',
    lambda e: has_phrase(e, "multiple spaces and tabs"),
)
case("summary-event-id", "summary:4624", lambda e: "4624" in words(e["summary"]))
case(
    "summary-backslash-path-phrase",
    r'summary:"C:\\Temp\\x y.txt"',
    lambda e: has_phrase(e, "c temp x y txt"),
)

# -- the default field -----------------------------------------------------------------------------

case("default-keyword-and-text", "sshd", lambda e: default_field(e, "sshd"))
case("default-category-source-tags", "firewall", lambda e: default_field(e, "firewall"))
case("default-case-sensitive-keywords", "Firewall", lambda e: default_field(e, "Firewall"))
case("default-summary-and-category", "heartbeat", lambda e: default_field(e, "heartbeat"))
case("default-phrase", '"failed password"', lambda e: default_field(e, "failed password"))
case("default-hostname", "cloudtrail", lambda e: default_field(e, "cloudtrail"))
case("default-does-not-search-details", "AccessDenied", nothing, empty=True)
case("default-escaped-colon", r"app\:one", lambda e: default_field(e, "app:one"))
case(
    "default-regex",
    "/bastion[12].*/",
    lambda e: any(
        re.fullmatch("bastion[12].*", v)
        for v in (
            e["hostname"],
            e["category"],
            e["source"],
            e["processname"],
            *e["tags"],
            *words(e["summary"]),
        )
    ),
)
case("default-word-in-summary-only", "publickey", lambda e: has_word(e, "publickey"))
case(
    "lowercase-and-is-a-word",
    "category:misc and",
    lambda e: e["category"] == "misc" or default_field(e, "and"),
)

# -- boolean logic, precedence, grouping -----------------------------------------------------------

case(
    "and",
    "category:firewall AND details.action:DROP",
    lambda e: e["category"] == "firewall" and "DROP" in strings(e, "action"),
)
case(
    "and-symbol",
    "category:firewall && details.action:drop",
    lambda e: e["category"] == "firewall" and "drop" in strings(e, "action"),
)
case("or", "hostname:fw1 OR hostname:fw2", lambda e: e["hostname"] in ("fw1", "fw2"))
case("or-symbol", "hostname:fw1 || hostname:FW1", lambda e: e["hostname"] in ("fw1", "FW1"))
case(
    "and-not",
    "category:proxy AND NOT details.http.status:200",
    lambda e: e["category"] == "proxy" and 200 not in numbers(e, "http.status"),
)
case(
    "and-bang",
    "category:proxy AND !details.http.status:200",
    lambda e: e["category"] == "proxy" and 200 not in numbers(e, "http.status"),
)
case("not-alone", "NOT category:authentication", lambda e: e["category"] != "authentication")
case("bang-alone", "!category:authentication", lambda e: e["category"] != "authentication")
case("minus-alone", "-category:authentication", lambda e: e["category"] != "authentication")
case(
    "plus-minus",
    "+category:firewall -details.action:DROP",
    lambda e: e["category"] == "firewall" and "DROP" not in strings(e, "action"),
)
case(
    "plus-plus",
    "+category:firewall +tags:drop",
    lambda e: e["category"] == "firewall" and "drop" in e["tags"],
)
case(
    "juxtaposition-is-or",
    "category:proxy category:windows",
    lambda e: e["category"] in ("proxy", "windows"),
)
case(
    "plain-clause-optional-beside-required",
    "+category:windows severity:ERROR",
    lambda e: e["category"] == "windows",
)
case(
    "required-with-two-exclusions",
    "category:windows -severity:DEBUG -severity:INFO",
    lambda e: e["category"] == "windows" and e["severity"] not in ("DEBUG", "INFO"),
)
case(
    "and-binds-tighter-than-or",
    "category:proxy OR category:firewall AND details.action:DROP",
    lambda e: e["category"] == "proxy" or (e["category"] == "firewall" and "DROP" in strings(e, "action")),
)
case(
    "and-binds-tighter-than-or-reversed",
    "category:firewall AND details.action:DROP OR category:proxy",
    lambda e: e["category"] == "proxy" or (e["category"] == "firewall" and "DROP" in strings(e, "action")),
)
case(
    "grouping-overrides-precedence",
    "(category:proxy OR category:firewall) AND severity:WARNING",
    lambda e: e["category"] in ("proxy", "firewall") and e["severity"] == "WARNING",
)
case(
    "not-group",
    "category:windows AND NOT (severity:DEBUG OR severity:INFO)",
    lambda e: e["category"] == "windows" and e["severity"] not in ("DEBUG", "INFO"),
)
case("double-negation", "NOT NOT category:misc", lambda e: e["category"] == "misc")
case(
    "three-way-and",
    "category:authentication AND details.success:false AND tags:failure",
    lambda e: e["category"] == "authentication" and False in leaves(e, "success") and "failure" in e["tags"],
)
case(
    "or-and-not-precedence",
    "hostname:fw1 OR category:authentication AND NOT details.success:true",
    lambda e: (
        e["hostname"] == "fw1" or (e["category"] == "authentication" and True not in leaves(e, "success"))
    ),
)
case(
    "nested-groups",
    "((category:firewall AND details.protocol:tcp) OR (category:proxy AND details.http.method:GET))"
    " AND NOT severity:DEBUG",
    lambda e: (
        (
            (e["category"] == "firewall" and "tcp" in strings(e, "protocol"))
            or (e["category"] == "proxy" and "GET" in strings(e, "http.method"))
        )
        and e["severity"] != "DEBUG"
    ),
)
case(
    "not-beside-or-excludes",
    "NOT category:firewall OR severity:ERROR",
    # Lucene: in one sequence NOT excludes and the plain clause is still the one required match.
    lambda e: e["severity"] == "ERROR" and e["category"] != "firewall",
)
case(
    "required-excluded-optional",
    "+category:proxy -severity:INFO details.http.method:GET",
    lambda e: e["category"] == "proxy" and e["severity"] != "INFO",
)
case(
    "two-ands-or",
    "category:proxy AND severity:ERROR OR category:windows AND severity:CRITICAL",
    lambda e: (e["category"], e["severity"]) in (("proxy", "ERROR"), ("windows", "CRITICAL")),
)
case(
    "symbols-mixed",
    "category:proxy && severity:ERROR || category:windows && !severity:DEBUG",
    lambda e: (
        (e["category"] == "proxy" and e["severity"] == "ERROR")
        or (e["category"] == "windows" and e["severity"] != "DEBUG")
    ),
)
case(
    "bang-group",
    "!(category:firewall OR category:authentication)",
    lambda e: e["category"] not in ("firewall", "authentication"),
)
case(
    "minus-group",
    "category:windows -(severity:DEBUG OR severity:INFO OR severity:NOTICE)",
    lambda e: e["category"] == "windows" and e["severity"] not in ("DEBUG", "INFO", "NOTICE"),
)
case("field-group-or", "hostname:(web1 OR web2)", lambda e: e["hostname"] in ("web1", "web2"))
case(
    "field-group-juxtaposition",
    "hostname:(web1 web2 Web1)",
    lambda e: e["hostname"] in ("web1", "web2", "Web1"),
)
case(
    "field-group-details",
    "details.action:(DROP OR REJECT)",
    lambda e: bool({"DROP", "REJECT"} & set(strings(e, "action"))),
)
case("field-group-and-impossible", "category:(firewall AND proxy)", nothing, empty=True)
case("field-group-and-tags", "tags:(sshd AND failure)", lambda e: {"sshd", "failure"} <= set(e["tags"]))
case(
    "field-group-and-not",
    "severity:(ERROR OR CRITICAL) AND NOT category:proxy",
    lambda e: e["severity"] in ("ERROR", "CRITICAL") and e["category"] != "proxy",
)
case(
    "field-group-with-phrase",
    'summary:("failed password" OR heartbeat)',
    lambda e: has_phrase(e, "failed password") or has_word(e, "heartbeat"),
)
case("match-all-star", "*", anything, everything=True)
case("match-all-star-star", "*:*", anything, everything=True)
case("match-all-empty", "", anything, everything=True)
case("match-all-and-filter", "* AND category:cloudtrail", lambda e: e["category"] == "cloudtrail")

# -- wildcards -------------------------------------------------------------------------------------

case("wildcard-prefix", "hostname:web*", lambda e: e["hostname"].startswith("web"))
case(
    "wildcard-one-char",
    "hostname:web?",
    lambda e: len(e["hostname"]) == 4 and e["hostname"].startswith("web"),
)
case("wildcard-suffix", "hostname:*1", lambda e: e["hostname"].endswith("1"))
case("wildcard-domain", "hostname:*.example.com", lambda e: e["hostname"].endswith(".example.com"))
case("wildcard-case-sensitive", "hostname:Bastion*", lambda e: e["hostname"].startswith("Bastion"))
case("wildcard-processname-suffix", "processname:*.exe", lambda e: e["processname"].endswith(".exe"))
case(
    "wildcard-mixed",
    "processname:p?wer*",
    lambda e: len(e["processname"]) >= 5 and e["processname"][0] == "p" and e["processname"][2:5] == "wer",
)
case("wildcard-after-slash", "source:custom/*", lambda e: e["source"].startswith("custom/"))
case("wildcard-tags", "tags:event-46*", lambda e: any(t.startswith("event-46") for t in e["tags"]))
case("wildcard-summary", "summary:fail*", lambda e: any(w.startswith("fail") for w in words(e["summary"])))
case(
    "wildcard-summary-lowered",
    "summary:FAIL*",
    lambda e: any(w.startswith("fail") for w in words(e["summary"])),
)
case(
    "wildcard-summary-one-char",
    "summary:pub?ickey",
    lambda e: any(len(w) == 9 and w[:3] == "pub" and w[4:] == "ickey" for w in words(e["summary"])),
)
case(
    "wildcard-details-case-sensitive",
    "details.username:adm*",
    lambda e: any(v.startswith("adm") for v in strings(e, "username")),
)
case(
    "wildcard-details-suffix",
    "details.username:*e",
    lambda e: any(v.endswith("e") for v in strings(e, "username")),
)
case(
    "wildcard-details-url",
    "details.url:https://evil.example.net*",
    lambda e: any(v.startswith("https://evil.example.net") for v in strings(e, "url")),
)
case(
    "wildcard-nested-path",
    "details.user.name:a*",
    lambda e: any(v.startswith("a") for v in strings(e, "user.name")),
)
case(
    "wildcard-type-conflict-string-leaf",
    "details.user:CORP*",
    lambda e: any(v.startswith("CORP") for v in strings(e, "user")),
)
case(
    "wildcard-escaped-backslashes",
    r"details.path:C\:\\Windows\\*",
    lambda e: any(v.startswith("C:\\Windows\\") for v in strings(e, "path")),
)
case(
    "wildcard-literal-star",
    r"details.note:*\**",
    lambda e: any("*" in v for v in strings(e, "note")),
)
case(
    "wildcard-literal-question-mark",
    r"details.note:*\?*",
    lambda e: any("?" in v for v in strings(e, "note")),
)
case(
    "wildcard-details-one-char",
    "details.username:?lice",
    lambda e: any(len(v) == 5 and v.endswith("lice") for v in strings(e, "username")),
)
case(
    "wildcard-string-leaves-only",
    "details.destinationport:44*",
    lambda e: any(v.startswith("44") for v in strings(e, "destinationport")),
)
case(
    "wildcard-date-like-string",
    "details.when:2026-11-20*",
    lambda e: any(v.startswith("2026-11-20") for v in strings(e, "when")),
)
case(
    "wildcard-default-field",
    "bastion*",
    lambda e: (
        e["hostname"].startswith("bastion") or any(w.startswith("bastion") for w in words(e["summary"]))
    ),
)

# -- regular expressions (anchored, over the whole value or summary word) --------------------------

case(
    "regex-details",
    "details.username:/adm.n/",
    lambda e: any(len(v) == 5 and v[:3] == "adm" and v[4] == "n" for v in strings(e, "username")),
)
case(
    "regex-hostname-class",
    "hostname:/web[0-9]+/",
    lambda e: e["hostname"][:3] == "web" and e["hostname"][3:].isdigit(),
)
case(
    "regex-escaped-dots",
    r"hostname:/[Bb]astion1\.example\.com/",
    lambda e: e["hostname"] in ("bastion1.example.com", "Bastion1.example.com"),
)
case("regex-anchored", "processname:/ss.*/", lambda e: e["processname"].startswith("ss"))
case("regex-anchored-not-substring", "processname:/sh/", nothing, empty=True)
case(
    "regex-summary-words",
    "summary:/fail(ed)?/",
    lambda e: bool({"fail", "failed"} & set(words(e["summary"]))),
)
case(
    "regex-details-upper",
    "details.action:/[A-Z]+/",
    lambda e: any(v.isupper() for v in strings(e, "action")),
)
case(
    "regex-nested-path",
    "details.user.name:/.*o.*/",
    lambda e: any("o" in v for v in strings(e, "user.name")),
)
case("regex-category", "category:/auth.*/", lambda e: e["category"].startswith("auth"))
case(
    "regex-tags",
    "tags:/event-4[0-9]+/",
    lambda e: any(t.startswith("event-4") and t[7:].isdigit() for t in e["tags"]),
)
case(
    "regex-escaped-slash",
    r"details.url:/https:\/\/mozilla\.org\/.*/",
    lambda e: any(v.startswith("https://mozilla.org/") for v in strings(e, "url")),
)
