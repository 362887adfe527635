"""Logging set-up for the command line: one line per record, the service named in each."""

from __future__ import annotations

import logging
import sys


def configure(service: str, level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter(
            f"%(asctime)s %(levelname)-7s {service:<8} %(name)s: %(message)s", datefmt="%Y-%m-%dT%H:%M:%S"
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # aiokafka is chatty at INFO about group joins; its warnings still show.
    logging.getLogger("aiokafka").setLevel(max(logging.WARNING, root.level))
    # One line per readiness probe of `mozdef up` is noise.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))
