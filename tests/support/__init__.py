"""Fixtures and helpers shared by the test suite: real servers on free loopback ports."""
