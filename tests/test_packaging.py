"""stancemark installs as one package, `stancemark`, and never claims `store`, `nlp`, `tui`, `cli`.

Proven in a fresh virtual environment that already holds a package owning the names `nlp` and
`store` (as the old `nlp` package on PyPI does): both keep working side by side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))


def make_squatter(folder: Path) -> Path:
    """A package that owns the top-level names `nlp` and `store`."""
    for name in ("nlp", "store"):
        (folder / name).mkdir(parents=True)
        (folder / name / "__init__.py").write_text(f'OWNER = "squatter-{name}"\n')
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "squatter"\nversion = "1.0"\n'
        '[tool.setuptools]\npackages = ["nlp", "store"]\n')
    return folder


def test_installs_beside_a_package_that_owns_nlp_and_store(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                                "['purelib'])"], capture_output=True, text=True,
                               check=True).stdout.strip())
    # Dependencies (spaCy, Textual…) come from this environment, after the fresh one's own
    # packages on sys.path; .pth files in it (our editable install) are not processed.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check"]
    subprocess.run([*pip, str(make_squatter(tmp_path / "squatter"))], check=True)
    subprocess.run([*pip, str(ROOT)], check=True)   # a real (non-editable) install

    elsewhere = tmp_path / "elsewhere"               # no checkout folders on the path
    elsewhere.mkdir()
    env = {**os.environ, "STANCEMARK_DATA_DIR": str(tmp_path / "data"),
           "STANCEMARK_CONFIG_DIR": str(tmp_path / "config"),
           "STANCEMARK_STATE_DIR": str(tmp_path / "state")}
    env.pop("PYTHONPATH", None)
    probe = subprocess.run([str(python), "-c", """
import json, nlp, store, stancemark.store.library, stancemark.nlp.analysis, stancemark.tui.app
from stancemark.store.paths import SEEDS_DIR
print(json.dumps({"nlp": nlp.OWNER, "store": store.OWNER,
                  "ours": stancemark.store.library.__file__,
                  "seeds": sorted(p.name for p in SEEDS_DIR.glob("*.txt"))}))
"""], capture_output=True, text=True, cwd=elsewhere, env=env, check=True)
    found = json.loads(probe.stdout)
    assert found["nlp"] == "squatter-nlp" and found["store"] == "squatter-store"
    assert found["ours"].startswith(str(site))       # installed, not the checkout
    assert found["seeds"] == SEEDS                   # the seed articles ship in the package

    entities = subprocess.run([str(venv / "bin" / "stancemark"), "entities", "--json", "--db",
                               str(tmp_path / "lib.json"), str(ROOT / "seeds" / SEEDS[0])],
                              capture_output=True, text=True, cwd=elsewhere, env=env, timeout=300)
    assert entities.returncode == 0, entities.stderr
    (row,) = json.loads(entities.stdout)
    assert {"text": "Zhu Feng", "label": "PERSON"} in [
        {"text": e["text"], "label": e["label"]} for e in row["entities"]]
