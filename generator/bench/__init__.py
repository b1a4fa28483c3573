"""Benchmarks of sdkgen next to its peers, measured in one run and reported as ratios.

``python -m generator.bench`` (``nox -s bench``) measures generation time and peak memory,
import time of a generated client, per-call overhead, a 50-API fleet with the content-hash
cache, and the diff of two GitHub spec versions; it prints a table and writes JSON. These are
benchmarks, not tests: nothing here runs under pytest (only ``tests/test_bench*.py`` check the
bench code itself).
"""
