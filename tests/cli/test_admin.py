"""`mozdef user add` and `mozdef apikey ...` as an operator runs them, against a real data dir."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from mozdef_common.accounts import ApiKeys, Users
from mozdef_common.settings import CommonSettings
from mozdef_common.state import open_state_store

PASSWORD = "correct horse battery"


def mozdef(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MOZDEF_DATA_DIR": str(tmp_path)}
    env.pop("MOZDEF_STATE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "mozdef_cli", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def _authenticate(tmp_path: Path, name: str, password: str) -> str | None:
    state = open_state_store(CommonSettings(data_dir=tmp_path))
    await state.start()
    try:
        user = await Users(state).authenticate(name, password)
        return None if user is None else user.role.value
    finally:
        await state.close()


async def _verify(tmp_path: Path, key: str) -> bool:
    state = open_state_store(CommonSettings(data_dir=tmp_path))
    await state.start()
    try:
        return await ApiKeys(state).verify_key(key) is not None
    finally:
        await state.close()


def test_user_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    done = mozdef(tmp_path, "user", "add", "alice", "--role", "analyst", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    assert "alice" in done.stderr
    assert asyncio.run(_authenticate(tmp_path, "alice", PASSWORD)) == "analyst"

    again = mozdef(tmp_path, "user", "add", "alice", "--role", "admin", stdin=PASSWORD + "\n")
    assert again.returncode == 2
    assert again.stderr.strip() == "mozdef: error: user 'alice' exists already"


def test_user_add_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    short = mozdef(tmp_path, "user", "add", "bob", "--role", "viewer", stdin="short\n")
    assert short.returncode == 2
    assert short.stderr.count("\n") == 1
    assert "at least 8" in short.stderr
    assert "short" not in short.stderr.replace("at least", "")
    role = mozdef(tmp_path, "user", "add", "bob", "--role", "root", stdin=PASSWORD + "\n")
    assert role.returncode == 2
    assert "unknown role 'root'" in role.stderr


def test_apikey_create_list_revoke(tmp_path: Path) -> None:
    created = mozdef(tmp_path, "apikey", "create", "--name", "beats", "--role", "shipper")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert created.stdout == key + "\n"
    assert key.startswith("mzd_")
    key_id, secret = key.split("_", 2)[1:]
    assert key not in created.stderr
    assert asyncio.run(_verify(tmp_path, key))

    listed = mozdef(tmp_path, "apikey", "list")
    assert listed.returncode == 0, listed.stderr
    assert key_id in listed.stdout
    assert "beats" in listed.stdout
    assert "shipper" in listed.stdout
    assert secret not in listed.stdout + listed.stderr

    revoked = mozdef(tmp_path, "apikey", "revoke", key_id)
    assert revoked.returncode == 0, revoked.stderr
    assert not asyncio.run(_verify(tmp_path, key))

    unknown = mozdef(tmp_path, "apikey", "revoke", "nope")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "mozdef: error: no API key 'nope'"

    bad_role = mozdef(tmp_path, "apikey", "create", "--name", "x", "--role", "root")
    assert bad_role.returncode == 2
    assert bad_role.stdout == ""
