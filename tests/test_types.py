"""The type checker runs clean over the whole package (mypy, as installed with the test extras)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("store", "nlp", "tui", "cli")


def test_mypy_is_clean(tmp_path):
    # mypy cannot follow setuptools' editable finder: give it the package as it installs,
    # a `stancemark` folder whose parts are the folders at the top.
    package = tmp_path / "stancemark"
    package.mkdir()
    for name in PACKAGES:
        (package / name).symlink_to(ROOT / name, target_is_directory=True)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--namespace-packages", "--explicit-package-bases",
         "--ignore-missing-imports", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"),
         "-p", "stancemark"], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
