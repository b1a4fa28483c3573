"""Fixtures and document builders for the diff engine's tests."""
