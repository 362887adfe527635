"""Shared building blocks of the MozDef services: the event, the bus, the stores, the query language."""

__version__ = "0.1.0"
