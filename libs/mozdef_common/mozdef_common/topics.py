"""The topics that connect the stages: raw → normalized → indexed → alerts, plus dead letters."""

from __future__ import annotations

RAW = "mozdef.raw"
NORMALIZED = "mozdef.normalized"
INDEXED = "mozdef.indexed"
ALERTS = "mozdef.alerts"
DEADLETTER = "mozdef.deadletter"

ALL = (RAW, NORMALIZED, INDEXED, ALERTS, DEADLETTER)

# Header names that travel with a raw event from ingest on.
H_ID = "mozdef-id"
H_RECEIVED = "mozdef-received"
H_ENDPOINT = "mozdef-endpoint"
H_APP = "mozdef-app"
H_INDEX = "mozdef-index"
H_REASON = "mozdef-reason"
