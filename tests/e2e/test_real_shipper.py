"""A real shipper, unchanged: rsyslog's omelasticsearch output pointed at ingest's /_bulk.

Skipped (with the reason) where rsyslog or its Elasticsearch module is not installed; .ci/run
installs both.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.support.net import free_port, wait_for_port
from tests.support.pipeline import InProcessPipeline, search_until

pytestmark = pytest.mark.slow

MODULE_DIRS = (Path("/usr/lib/x86_64-linux-gnu/rsyslog"), Path("/usr/lib/aarch64-linux-gnu/rsyslog"))

CONFIG = """
global(workDirectory="{work}")
module(load="imtcp")
module(load="omelasticsearch")
template(name="mozdef-json" type="list" option.jsonf="on") {{
  property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
  property(outname="hostname" name="hostname" format="jsonf")
  property(outname="program" name="programname" format="jsonf")
  property(outname="pid" name="procid" format="jsonf")
  property(outname="severity" name="syslogseverity-text" format="jsonf")
  property(outname="facility" name="syslogfacility-text" format="jsonf")
  property(outname="message" name="msg" format="jsonf")
}}
input(type="imtcp" port="{tcp_port}" address="127.0.0.1")
action(type="omelasticsearch" server="127.0.0.1" serverport="{ingest_port}" template="mozdef-json"
       searchIndex="syslog" bulkmode="on" uid="mozdef" pwd="{token}" errorFile="{work}/errors.json"
       action.resumeRetryCount="10")
"""


def rsyslogd() -> str:
    binary = shutil.which("rsyslogd") or (
        "/usr/sbin/rsyslogd" if Path("/usr/sbin/rsyslogd").exists() else None
    )
    if binary is None:
        pytest.skip("rsyslogd is not installed (apt-get install rsyslog rsyslog-elasticsearch)")
    if not any((d / "omelasticsearch.so").exists() for d in MODULE_DIRS):
        pytest.skip(
            "rsyslog's omelasticsearch module is not installed (apt-get install rsyslog-elasticsearch)"
        )
    return binary


async def test_rsyslog_omelasticsearch_ships_to_bulk(tmp_path: Path) -> None:
    binary = rsyslogd()
    work = tmp_path / "rsyslog"
    work.mkdir()
    tcp_port = free_port()
    async with InProcessPipeline(tmp_path / "mozdef") as pipeline:
        config = work / "rsyslog.conf"
        config.write_text(
            CONFIG.format(
                work=work, tcp_port=tcp_port, ingest_port=pipeline.ingest_port, token=pipeline.ingest_key
            )
        )
        process = subprocess.Popen(
            [binary, "-n", "-f", str(config), "-i", str(work / "rsyslogd.pid")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(tcp_port)
            tag = f"r{uuid.uuid4().hex[:10]}"
            with socket.create_connection(("127.0.0.1", tcp_port)) as sock:
                for i in range(3):
                    line = (
                        f"<38>Nov 27 10:00:0{i} bastion1 sshd[4242]: Failed password for invalid user "
                        f"{tag} from 198.51.100.{i + 1} port 5514{i} ssh2\n"
                    )
                    sock.sendall(line.encode())
            answer = await search_until(pipeline, f"details.username:{tag}", expect=3, timeout_s=30)
        finally:
            process.terminate()
            output = process.communicate(timeout=10)[0].decode(errors="replace")
    assert answer["total"] == 3, f"rsyslog output:\n{output}\nerrors: {_read(work / 'errors.json')}"
    source = answer["hits"][0]["source"]
    assert source["processname"] == "sshd"
    assert source["hostname"] == "bastion1"
    assert source["mozdef"]["index"] == "syslog"
    assert source["details"]["sourceipaddress"].startswith("198.51.100.")


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else "(none)"
