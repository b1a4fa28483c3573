"""Rendering the IR into a Python package: models, client code, packaging files."""
