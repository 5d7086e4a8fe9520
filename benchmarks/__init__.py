"""Benchmarks of the dashboard: run with ``make bench`` (``python -m benchmarks``)."""
