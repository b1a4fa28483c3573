"""Process-wide tuning for sdkgen's big in-memory jobs."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# Collect young objects after 200,000 allocations (default 700) and almost never run a
# full collection while the block runs.
THRESHOLDS = (200_000, 20, 1000)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often for a while.

    Reading a big document and rendering its models allocate millions of objects that
    live on; with the default thresholds the collector scans the growing heap again and
    again: a quarter of the model-rendering time on GitHub's spec and 15% of a diff of two
    GitHub specs, for about 12% more peak memory.
    """
    saved = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
