"""Admin commands: ``mozdef user add`` and ``mozdef apikey create|revoke|list``.

Each opens the state store the settings name (``MOZDEF_DATA_DIR``, ``MOZDEF_STATE_URL``), does one
thing and closes it. Errors are one line on stderr and exit code 2. Passwords are read from stdin
(without echo on a terminal) and never printed; a new API key is printed once, alone on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable

from pydantic import ValidationError

from mozdef_common.accounts import ApiKeys, Users
from mozdef_common.errors import AccountError, MozdefError
from mozdef_common.settings import CommonSettings
from mozdef_common.state import StateStore, open_state_store


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``user`` and ``apikey`` to the ``mozdef`` parser."""
    user = commands.add_parser("user", help="manage local users")
    user_commands = user.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = user_commands.add_parser("add", help="add a user; the password is read from stdin")
    add.add_argument("name")
    add.add_argument("--role", required=True, help="viewer, analyst, admin or shipper")

    apikey = commands.add_parser("apikey", help="manage API keys")
    key_commands = apikey.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = key_commands.add_parser("create", help="create a key and print it (only this once)")
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, help="shipper, viewer, analyst or admin")
    revoke = key_commands.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("id")
    key_commands.add_parser("list", help="list keys (never their secrets)")


def run(args: argparse.Namespace) -> int:
    """Run the admin command ``args`` names."""
    try:
        if args.command == "user":
            password = _read_password()
            return _with_store(lambda state: _user_add(state, args.name, password, args.role))
        if args.action == "create":
            return _with_store(lambda state: _apikey_create(state, args.name, args.role))
        if args.action == "revoke":
            return _with_store(lambda state: _apikey_revoke(state, args.id))
        return _with_store(_apikey_list)
    except ValidationError as exc:
        return _fail(f"bad settings: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}")
    except MozdefError as exc:
        return _fail(str(exc))


def _fail(message: str) -> int:
    print(f"mozdef: error: {message}", file=sys.stderr)
    return 2


def _read_password() -> str:
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise AccountError("the passwords differ")
        return password
    return sys.stdin.readline().rstrip("\r\n")


def _with_store(operation: Callable[[StateStore], Awaitable[int]]) -> int:
    async def main() -> int:
        state = open_state_store(CommonSettings())
        await state.start()
        try:
            return await operation(state)
        finally:
            await state.close()

    return asyncio.run(main())


async def _user_add(state: StateStore, name: str, password: str, role: str) -> int:
    user = await Users(state).create_user(name, password, role)
    print(f"user {user.name} added with role {user.role}", file=sys.stderr)
    return 0


async def _apikey_create(state: StateStore, name: str, role: str) -> int:
    record, plaintext = await ApiKeys(state).create_key(name, role)
    print(f"API key {record.id} ({record.name}, {record.role}); it is shown only now:", file=sys.stderr)
    print(plaintext)
    return 0


async def _apikey_revoke(state: StateStore, key_id: str) -> int:
    record = await ApiKeys(state).revoke(key_id)
    print(f"API key {record.id} ({record.name}) revoked at {record.revoked}", file=sys.stderr)
    return 0


async def _apikey_list(state: StateStore) -> int:
    print("id\tname\trole\tcreated\tlast_used\trevoked")
    for key in await ApiKeys(state).list_keys():
        print(
            f"{key.id}\t{key.name}\t{key.role}\t{key.created}\t{key.last_used or '-'}\t{key.revoked or '-'}"
        )
    return 0
