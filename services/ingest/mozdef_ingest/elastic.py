"""Answers to the requests Elasticsearch shippers make before (and besides) ``_bulk``.

Beats, Logstash, Vector, Fluent Bit and rsyslog read the version from ``GET /`` (we claim 8.x, which
every current shipper accepts), check ``/_cluster/health`` or ``/_cat/health``, look at
``/_license`` and ``/_xpack`` (we report ILM unavailable, so Logstash does not try to use it), and
install index templates, ILM policies and ingest pipelines. MozDef has no use for those, so such
resources are reported as existing and every write to them is acknowledged: a shipper configured
for Elasticsearch works here unchanged.
"""

from __future__ import annotations

import socket
import time
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from mozdef_common.bus.base import Bus
from mozdef_common.errors import BusError
from mozdef_ingest.decoding import read_capped
from mozdef_ingest.errors import BodyError

ES_VERSION = "8.17.0"
CLUSTER_NAME = "mozdef"
TEMPLATE_MAX_BYTES = 1024 * 1024
TEMPLATE_KINDS = ("_index_template", "_template", "_component_template", "_ilm/policy", "_ingest/pipeline")

router = APIRouter(tags=["Elasticsearch compatibility"])


def cluster_uuid(request: Request) -> str:
    # Stable for a data directory, so a shipper sees the same cluster across restarts.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mozdef:{request.app.state.settings.resolved_data_dir}"))


async def _bus_ok(bus: Bus) -> bool:
    try:
        await bus.ping()
    except BusError:
        return False
    return True


@router.get("/", summary="Cluster information, as Elasticsearch answers it")
@router.head("/", include_in_schema=False)
async def root(request: Request) -> JSONResponse:
    return JSONResponse(
        {
            "name": socket.gethostname(),
            "cluster_name": CLUSTER_NAME,
            "cluster_uuid": cluster_uuid(request),
            "version": {
                "number": ES_VERSION,
                "build_flavor": "default",
                "build_type": "mozdef",
                "build_hash": "0000000000000000000000000000000000000000",
                "build_date": "2024-12-11T12:08:05.663969764Z",
                "build_snapshot": False,
                "lucene_version": "9.12.0",
                "minimum_wire_compatibility_version": "7.17.0",
                "minimum_index_compatibility_version": "7.0.0",
            },
            "tagline": "You Know, for Search",
        }
    )


@router.get("/_cat/health", summary="One line of cluster health (green while the bus answers)")
async def cat_health(request: Request, format: str | None = None, v: str | None = None) -> Response:
    status = "green" if await _bus_ok(request.app.state.bus) else "red"
    now = int(time.time())
    row = {
        "epoch": str(now),
        "timestamp": time.strftime("%H:%M:%S", time.gmtime(now)),
        "cluster": CLUSTER_NAME,
        "status": status,
        "node.total": "1",
        "node.data": "1",
        "shards": "0",
        "pri": "0",
        "relo": "0",
        "init": "0",
        "unassign": "0",
        "pending_tasks": "0",
        "max_task_wait_time": "-",
        "active_shards_percent": "100.0%",
    }
    if format == "json":
        return JSONResponse([row])
    lines = [" ".join(row.values())]
    if v is not None:  # ?v asks for a header line, as in Elasticsearch
        lines.insert(0, " ".join(row))
    return PlainTextResponse("\n".join(lines) + "\n")


@router.get("/_cluster/health", summary="Cluster health (green while the bus answers)")
@router.get("/_cluster/health/{index}", include_in_schema=False)
async def cluster_health(request: Request) -> JSONResponse:
    status = "green" if await _bus_ok(request.app.state.bus) else "red"
    return JSONResponse(
        {
            "cluster_name": CLUSTER_NAME,
            "status": status,
            "timed_out": False,
            "number_of_nodes": 1,
            "number_of_data_nodes": 1,
            "active_primary_shards": 0,
            "active_shards": 0,
            "relocating_shards": 0,
            "initializing_shards": 0,
            "unassigned_shards": 0,
            "delayed_unassigned_shards": 0,
            "number_of_pending_tasks": 0,
            "number_of_in_flight_fetch": 0,
            "task_max_waiting_in_queue_millis": 0,
            "active_shards_percent_as_number": 100.0,
        }
    )


@router.get("/_license", summary="A basic license, as shippers expect to find one")
async def license_info(request: Request) -> JSONResponse:
    return JSONResponse(
        {
            "license": {
                "status": "active",
                "uid": cluster_uuid(request),
                "type": "basic",
                "issue_date_in_millis": 0,
                "max_nodes": 1000,
                "issued_to": CLUSTER_NAME,
                "issuer": "mozdef",
                "start_date_in_millis": -1,
            }
        }
    )


@router.get("/_xpack", summary="Features: none that shippers would try to use")
async def xpack() -> JSONResponse:
    off = {"available": False, "enabled": False}
    return JSONResponse(
        {
            "build": {"hash": "mozdef", "date": "2024-12-11T12:08:05.663969764Z"},
            "license": {"uid": "mozdef", "type": "basic", "mode": "basic", "status": "active"},
            "features": {"ilm": off, "security": off, "monitoring": off, "ml": off},
            "tagline": "for you",
        }
    )


async def _template(request: Request) -> Response:
    if request.method == "HEAD":
        return Response(status_code=200)
    if request.method == "GET":
        return JSONResponse({request.path_params["name"]: {}})
    try:  # read (bounded), so the connection stays usable for the next request
        await read_capped(request.stream(), request.headers.get("content-length"), TEMPLATE_MAX_BYTES)
    except BodyError as exc:
        return JSONResponse({"error": {"type": exc.kind, "reason": exc.reason}}, status_code=exc.status)
    return JSONResponse({"acknowledged": True})


for _kind in TEMPLATE_KINDS:
    router.add_api_route(
        f"/{_kind}/{{name}}",
        _template,
        methods=["GET", "HEAD", "PUT", "POST", "DELETE"],
        include_in_schema=False,
    )
