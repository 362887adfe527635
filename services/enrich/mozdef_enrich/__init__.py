"""MozDef enrich service."""
