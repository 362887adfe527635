"""The chart's `helm test`: one event in through ingest, found again through the api's search.

It runs in the test Pod with the services' settings in its environment, so `mozdef apikey create`
reaches the same state store: it makes a shipper key to send with and a viewer key to search with,
and revokes both whatever happens. Only the standard library and the `mozdef` command are used.

Environment: ``INGEST_URL`` and ``API_URL`` (the Services), ``TIMEOUT_S`` (how long the event may
take to become searchable, default 180), ``MOZDEF_COMMAND`` (default ``mozdef``). Exit status 0 when
the event was found, 1 otherwise, with the reason on stderr.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any


class CheckFailed(Exception):
    """What went wrong, in one line for the test's log."""


def mozdef(*args: str) -> str:
    command = [*shlex.split(os.environ.get("MOZDEF_COMMAND", "mozdef")), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CheckFailed(f"`mozdef {' '.join(args)}` did not run: {exc}") from exc
    if done.returncode != 0:
        raise CheckFailed(f"`mozdef {' '.join(args)}` failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def create_key(name: str, role: str) -> str:
    words = mozdef("apikey", "create", "--name", name, "--role", role).split()
    if not words or not words[-1].startswith("mzd_"):
        raise CheckFailed(f"`mozdef apikey create` printed no key for {name}")
    return words[-1]


def revoke_key(key: str) -> None:
    key_id = key.removeprefix("mzd_").partition("_")[0]
    try:
        mozdef("apikey", "revoke", key_id)
    except CheckFailed as exc:
        print(f"warning: {exc}", file=sys.stderr)


def request(url: str, key: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    if not url.startswith(("http://", "https://")):
        raise CheckFailed(f"not an HTTP URL: {url}")
    outgoing = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 (scheme checked)
    try:
        with urllib.request.urlopen(outgoing, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")[:500]
    except OSError as exc:  # refused, reset, timed out: the caller decides whether to try again
        return 0, repr(exc)


def send_event(ingest: str, key: str, marker: str) -> None:
    event = {
        "summary": f"helm test event {marker}",
        "category": "helmtest",
        "hostname": "helm-test",
        "processname": "helm-test",
        "severity": "INFO",
        "details": {"helmtest": marker},
    }
    status, answer = request(f"{ingest}/events", key, event)
    if not 200 <= status < 300:
        raise CheckFailed(f"ingest answered {status}: {answer}")
    print(f"sent one event through {ingest} (marker {marker})")


def find_event(api: str, key: str, marker: str, timeout_s: float) -> dict[str, Any]:
    query = urllib.parse.urlencode({"q": f'details.helmtest:"{marker}"', "start": "now-1h"})
    deadline = time.monotonic() + timeout_s
    last: object = None
    while time.monotonic() < deadline:
        status, answer = request(f"{api}/api/v1/events/search?{query}", key)
        if status == 200 and isinstance(answer, dict) and answer.get("total", 0) >= 1:
            hit: dict[str, Any] = answer["hits"][0]
            return hit
        last = (status, answer)
        time.sleep(1.0)
    raise CheckFailed(f"the event was not searchable through {api} after {timeout_s:.0f}s; last: {last}")


def main() -> int:
    ingest = os.environ["INGEST_URL"].rstrip("/")
    api = os.environ["API_URL"].rstrip("/")
    timeout_s = float(os.environ.get("TIMEOUT_S", "180"))
    marker = uuid.uuid4().hex
    keys: list[str] = []
    try:
        keys.append(create_key(f"helm-test-{marker[:8]}-shipper", "shipper"))
        keys.append(create_key(f"helm-test-{marker[:8]}-viewer", "viewer"))
        send_event(ingest, keys[0], marker)
        hit = find_event(api, keys[1], marker, timeout_s)
    except CheckFailed as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        for key in keys:
            revoke_key(key)
    print(f"found it through {api}: id {hit.get('id')} in {hit.get('index')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
