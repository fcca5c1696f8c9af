"""Benchmarks and load tests of the portal (not part of the test run)."""
