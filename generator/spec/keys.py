"""The keys of an OpenAPI document sdkgen reads by name: one place for each.

Operation keys of a path item are the HTTP methods OpenAPI names plus API Gateway's
``x-amazon-apigateway-any-method`` (an ``ANY`` route). Swagger 2.0 has no ``trace``.
"""

from __future__ import annotations

from typing import Final

HTTP_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SWAGGER2_METHODS: Final = tuple(method for method in HTTP_METHODS if method != "trace")
ANY_METHOD_KEY: Final = "x-amazon-apigateway-any-method"
OPERATION_KEYS: Final = (*HTTP_METHODS, ANY_METHOD_KEY)
SCHEMA_REF_PREFIX: Final = "#/components/schemas/"
