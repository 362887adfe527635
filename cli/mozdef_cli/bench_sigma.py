"""``mozdef bench --sigma``: the alerter's rule set on the stream, 1,000 Sigma match rules, one core.

Rules: the first ``--rules`` Windows match rules of the public SigmaHQ corpus (``--sigma-corpus``,
default ``../shared/sigma/rules`` next to the checkout), compiled exactly as the alerter compiles them
(our pySigma backend and field mapping, then one rule set with dispatch on log-source keys). Without
the corpus, synthetic rules of the same shape: a log-source key, one to three case-insensitive
``endswith`` / ``contains`` / ``startswith`` / equality conditions on ``details.image``,
``details.commandline``, ``details.parentimage``, some with a NOT filter or an OR of alternatives.
Events: Windows events in the canonical shape enrichment gives them (Sysmon 1 and 3, Security 4624,
4625, 4688, PowerShell 4104), with a realistic spread of images and command lines. Matching runs in
this one process, so on one core.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from pathlib import Path
from typing import Any

import orjson

from mozdef_cli.bench import progress
from mozdef_common.query.ast import Bool, Node, Term, Wildcard
from mozdef_common.query.ruleset import compile_rule_set

FIELDS = ("details.image", "details.commandline", "details.parentimage")
WORDS = ("powershell", "cmd", "rundll32", "regsvr32", "mshta", "wscript", "cscript", "certutil", "bitsadmin")
FLAGS = ("-enc", "/c", "-nop", "downloadstring", "urlcache", "-w hidden", "javascript:", "/s /q")


def _condition(rng: random.Random) -> Node:
    field = rng.choice(FIELDS)
    word = rng.choice(WORDS) + str(rng.randrange(40))
    shape = rng.randrange(4)
    if shape == 0:
        return Wildcard(field, f"*\\\\{word}.exe", case_insensitive=True)
    if shape == 1:
        return Wildcard(field, f"*{rng.choice(FLAGS)}{rng.randrange(40)}*", case_insensitive=True)
    if shape == 2:
        return Wildcard(field, f"c:\\\\windows\\\\{word}*", case_insensitive=True)
    return Term(field, f"C:\\Windows\\System32\\{word}.exe")


def make_rules(count: int, rng: random.Random) -> list[tuple[str, Node]]:
    rules: list[tuple[str, Node]] = []
    for n in range(count):
        key = rng.randrange(30)
        logsource = Term("details.eventid", str(4600 + key)) if key % 2 else Term("category", f"cat{key}")
        must = [logsource, *(_condition(rng) for _ in range(rng.randrange(1, 3)))]
        should = tuple(_condition(rng) for _ in range(rng.choice((0, 0, 2, 3))))
        must_not = tuple(_condition(rng) for _ in range(rng.choice((0, 0, 1))))
        rules.append((f"rule-{n}", Bool(must=tuple(must), should=should, must_not=must_not)))
    return rules


def make_events(count: int, rng: random.Random) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    for _ in range(count):
        key = rng.randrange(30)
        word = rng.choice(WORDS) + str(rng.randrange(40))
        image = f"C:\\Windows\\System32\\{word}.exe"
        flag = f"{rng.choice(FLAGS)}{rng.randrange(40)}"
        events.append(
            {
                "utctimestamp": "2026-11-27T10:00:00.000000+00:00",
                "category": f"cat{key}" if key % 2 == 0 else "windows",
                "hostname": f"ws{rng.randrange(500)}",
                "summary": f"process created {image}",
                "tags": ["windows"],
                "details": {
                    "eventid": 4600 + key if key % 2 else 1,
                    "image": image,
                    "commandline": f"{image} {flag} C:\\Users\\u{rng.randrange(99)}\\file.txt",
                    "parentimage": rng.choice(("C:\\Windows\\explorer.exe", image)),
                    "user": f"CORP\\u{rng.randrange(99)}",
                },
            }
        )
    return events


CHANNELS = {
    1: "Microsoft-Windows-Sysmon/Operational",
    3: "Microsoft-Windows-Sysmon/Operational",
    4624: "Security",
    4625: "Security",
    4688: "Security",
    4104: "Microsoft-Windows-PowerShell/Operational",
}


def windows_events(count: int, rng: random.Random) -> list[dict[str, object]]:
    """Canonical Windows events (docs/rules.md), mostly benign, a few with attacker-looking tools."""
    events: list[dict[str, object]] = []
    ids = list(CHANNELS)
    for _ in range(count):
        eventid = rng.choice(ids)
        tool = (
            rng.choice(WORDS)
            if rng.random() < 0.05
            else rng.choice(("chrome", "teams", "outlook", "svchost"))
        )
        image = f"C:\\Windows\\System32\\{tool}.exe"
        events.append(
            {
                "utctimestamp": "2026-11-27T10:00:00.000000+00:00",
                "category": "windows",
                "source": CHANNELS[eventid],
                "hostname": f"ws{rng.randrange(500)}",
                "summary": f"Microsoft-Windows-Sysmon {eventid}",
                "tags": [],
                "details": {
                    "eventid": eventid,
                    "channel": CHANNELS[eventid],
                    "image": image,
                    "commandline": f"{image} {rng.choice(FLAGS)} C:\\Users\\u{rng.randrange(99)}\\f.txt",
                    "parentimage": rng.choice(("C:\\Windows\\explorer.exe", image)),
                    "user": f"CORP\\u{rng.randrange(99)}",
                    "logontype": rng.choice((2, 3, 10)),
                    "scriptblocktext": "Get-Process" if eventid == 4104 else None,
                },
            }
        )
    return events


def corpus_rules(corpus: Path, limit: int) -> list[tuple[str, Node]]:
    """The first ``limit`` Windows match rules of the corpus, compiled as the alerter does."""
    from mozdef_alerter.sigma import load_sigma

    rules: list[tuple[str, Node]] = []
    for path in sorted(corpus.rglob("*.yml")):
        if len(rules) >= limit:
            break
        if "windows" not in path.parts:
            continue
        for rule in load_sigma(path.read_text(errors="replace"), str(path), errors=[]):
            if rule.type == "match" and rule.query is not None and len(rules) < limit:
                rules.append((rule.id, rule.query))
    return rules


def measure(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    corpus = Path(args.sigma_corpus)
    if corpus.is_dir():
        source = "SigmaHQ corpus"
        progress(f"compiling {args.sigma_rules} rules from {corpus}")
        rules, events = corpus_rules(corpus, args.sigma_rules), windows_events(args.sigma_events, rng)
    else:
        source = "synthetic (no corpus)"
        progress(f"no Sigma corpus at {corpus}: {args.sigma_rules} synthetic rules of the same shape")
        rules, events = make_rules(args.sigma_rules, rng), make_events(args.sigma_events, rng)
    started = time.perf_counter()
    rule_set = compile_rule_set(rules)
    compiled = time.perf_counter() - started
    progress(f"matching {len(events)} events")
    started = time.perf_counter()
    matched = 0
    for event in events:
        matched += len(rule_set.match(event))
    elapsed = time.perf_counter() - started
    return {
        "rules": len(rules),
        "rules_source": source,
        "rules_refused": len(rule_set.refused),
        "compile_s": round(compiled, 2),
        "events": len(events),
        "stream_eps": round(len(events) / elapsed),
        "matches": matched,
        "errors": sum(rule_set.errors.values()),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
    }


def run(args: argparse.Namespace) -> int:
    print(orjson.dumps(measure(args)).decode())
    return 0
