"""Build the IR from a normalized OpenAPI 3 document (the builder: ``generator.builder``).

Tolerant by design: anything that cannot be represented is left out of the client and listed
in ``Api.omissions`` with its JSON pointer, never dropped silently.
"""

from __future__ import annotations

from generator.builder import build_api

__all__ = ["build_api"]
