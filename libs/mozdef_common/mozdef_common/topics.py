"""The topics that connect the stages: raw → normalized → indexed → alerts, plus dead letters."""

from __future__ import annotations

RAW = "mozdef.raw"
NORMALIZED = "mozdef.normalized"
INDEXED = "mozdef.indexed"
ALERTS = "mozdef.alerts"
DEADLETTER = "mozdef.deadletter"

ALL = (RAW, NORMALIZED, INDEXED, ALERTS, DEADLETTER)

# Changes to alerts, incidents and investigations, and analysts' presence, that API replicas fan out
# to browsers. Not in ALL: it carries no events, and no consumer group reads it (each replica tails it).
UPDATES = "mozdef.updates"

# Header names that travel with a raw event from ingest on.
H_ID = "mozdef-id"
H_RECEIVED = "mozdef-received"
H_ENDPOINT = "mozdef-endpoint"
H_APP = "mozdef-app"
H_INDEX = "mozdef-index"
H_REASON = "mozdef-reason"
