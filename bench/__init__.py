"""Benchmarks and measurement scripts (not part of the package; run them as scripts)."""
