"""The `mozdef` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mozdef_cli.admin import add_commands
from mozdef_cli.archive import add_commands as add_archive_commands
from mozdef_cli.services import SERVICES
from mozdef_cli.setup import add_command as add_setup_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mozdef", description="MozDef: security events, detection, incidents."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("up", help="run every service on this machine with the embedded backends")
    run = commands.add_parser("run", help="run one service alone")
    run.add_argument("service", choices=sorted(SERVICES))
    bench = commands.add_parser("bench", help="measure the embedded pipeline; last line is JSON")
    bench.add_argument("--events", type=int, default=300_000, help="events in the throughput phase")
    bench.add_argument("--seconds", type=float, default=10.0, help="length of the fixed-rate latency phase")
    bench.add_argument("--rate", type=int, default=10_000, help="events/s of the latency phase")
    bench.add_argument("--seed", type=int, default=42)
    bench.add_argument("--data-dir", default=None, help="scratch folder (default: a new temporary one)")
    bench.add_argument("--search", action="store_true", help="measure search and aggregations instead")
    bench.add_argument("--search-events", type=int, default=5_000_000, help="events indexed for --search")
    bench.add_argument(
        "--ws", action="store_true", help="measure live updates to many WebSocket clients instead"
    )
    bench.add_argument("--clients", type=int, default=200, help="WebSocket clients for --ws")
    bench.add_argument("--sigma", action="store_true", help="measure Sigma rules on the stream instead")
    bench.add_argument("--sigma-rules", type=int, default=1000, help="rules for --sigma")
    bench.add_argument("--sigma-events", type=int, default=100_000, help="events for --sigma")
    bench.add_argument(
        "--sigma-corpus",
        default=str(Path(__file__).resolve().parents[3] / "shared" / "sigma" / "rules"),
        help="a folder of Sigma rules (default: ../shared/sigma/rules beside the checkout)",
    )
    bench.add_argument("--changes", type=int, default=50, help="incident changes for --ws")
    bench.add_argument("--rules", action="store_true", help="measure a scheduled threshold rule instead")
    bench.add_argument("--rules-events", type=int, default=1_000_000, help="events indexed for --rules")
    add_commands(commands)
    add_archive_commands(commands)
    add_setup_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "up":
        from mozdef_cli.up import up

        return up()
    if args.command == "run":
        from mozdef_cli.run import run_service

        return run_service(args.service)
    if args.command == "bench" and args.sigma:
        from mozdef_cli.bench_sigma import run as run_sigma

        return run_sigma(args)
    if args.command == "bench" and args.ws:
        from mozdef_cli.bench_ws import run as run_ws

        return run_ws(args)
    if args.command == "bench" and args.rules:
        from mozdef_cli.bench_rules import run as run_rules

        return run_rules(args)
    if args.command == "bench" and args.search:
        from mozdef_cli.bench_search import run

        return run(args)
    if args.command == "bench":
        from mozdef_cli.bench import bench

        return bench(args)
    if args.command == "archive":
        from mozdef_cli.archive import run as run_archive

        return run_archive(args)
    if args.command == "setup":
        from mozdef_cli.setup import run as run_setup

        return run_setup(args)
    if args.command in ("user", "apikey"):
        from mozdef_cli.admin import run as run_admin

        return run_admin(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
