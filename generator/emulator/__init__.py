"""An embedded API Gateway emulator (ministack in its own virtualenv) for end-to-end tests."""

from generator.emulator.server import (
    MINISTACK_VERSION,
    Emulator,
    EmulatorError,
    ensure_ministack,
    ministack_venv_dir,
)

__all__ = [
    "MINISTACK_VERSION",
    "Emulator",
    "EmulatorError",
    "ensure_ministack",
    "ministack_venv_dir",
]
