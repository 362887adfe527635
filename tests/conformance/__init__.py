"""The conformance suite of the query language: one fixed event set, every case on every reachable store."""
