"""MozDef indexer service."""
