"""Reader keys while the open article's reported speech is being found, against the same keys
with attribution off, in the same run (bigtext_bench's harness: the seed and a 1 MB one-line
article, entities cached, so the only background work is attribution's).

    .venv/bin/python benchmarks/attribution_keys_bench.py [--keys 10]

Prints each run's figures; asserts nothing (machines here are noisy).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigtext_bench import key_figures  # noqa: E402

from stancemark.tui.screens.attributing import AttributionActions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, default=10)
    args = parser.parse_args()
    attribute = AttributionActions._attribute
    for title, worker in (("attribution off (baseline)", lambda self, article, analysis: None),
                          ("attribution running in its worker", attribute)):
        AttributionActions._attribute = worker  # type: ignore[method-assign]
        print(f"== {title}")
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(key_figures(args.keys, Path(tmp)))


if __name__ == "__main__":
    main()
