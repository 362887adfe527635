"""MozDef alerter service."""
