"""Example values: valid arguments for every operation, from the document's examples and schemas.

Used at generation time for the tests that ship with each client, and by the corpus runner's
calls stage. Deterministic: the same document gives the same values.
"""

from generator.examples.operations import Argument, OperationExample, operation_example
from generator.examples.validation import SchemaChecker
from generator.examples.values import SynthesisError, ValueSynthesiser

__all__ = [
    "Argument",
    "OperationExample",
    "SchemaChecker",
    "SynthesisError",
    "ValueSynthesiser",
    "operation_example",
]
