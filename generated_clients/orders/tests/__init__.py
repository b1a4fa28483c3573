"""Tests of the client against a mock server."""
