"""MozDef ingest service."""
