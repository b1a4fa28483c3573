"""sdkgen's own wheel ships the product, not the tooling that measures it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_the_wheel_holds_the_product_and_not_the_tooling(tmp_path: Path) -> None:
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    subprocess.run(
        [*pip_wheel, "--no-build-isolation", "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("sdkgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {name.split("/")[1] for name in names if name.startswith("generator/")}
    # the product: the command line, the pipeline, the IR and its renderer, the runtime copied
    # into every client, the emulator behind the quickstart
    assert {"cli.py", "pipeline.py", "ir.py", "builder", "render", "spec", "emulator"} <= shipped
    assert "generator/render/runtime/_base_client.py" in names
    assert any(name.endswith(".j2") for name in names)
    # the tooling stays in the repository
    assert not shipped & {"corpus", "bench", "npm.py"}
