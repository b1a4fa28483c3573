"""Build the IR from a normalized OpenAPI 3 document, one module per concept.

``refs`` (references), ``schemas`` (schema keywords made usable, schemas turned into types),
``models`` (the classes of ``models``), ``types`` (the annotations operations show),
``security``, ``parameters``, ``bodies``, ``responses``, ``servers``, ``operations`` and
``api`` (the whole). Functions return their value together with the problems they met
(``Problems``); nothing is dropped silently: what cannot be generated is an omission.
"""

from __future__ import annotations

from generator.builder.api import build_api

__all__ = ["build_api"]
