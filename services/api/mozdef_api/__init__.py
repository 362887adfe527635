"""MozDef api service."""
