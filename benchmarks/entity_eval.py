"""Entity quality: precision, recall and F1 of the raw model and of what the app shows, side by
side, on the hand-annotated gold set (tests/gold/entities/) and the seeds.

    .venv/bin/python benchmarks/entity_eval.py [--labels]

Exact spans over PERSON, ORG, GPE, NORP, LOC and DATE mentions. "raw" is the model run once
over each article's whole stored text; "app" is what `stancemark entities --json` shows.
Rows: typed (span and label right), untyped (span right), and typed counting a span right with
or without a leading "the" (our gold leaves it out, as CoNLL does; the model often puts it in).
The rules were tuned on `tune` only; `heldout` is the figure to quote.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from entity_gold import LABELS, PARTS, Score, app_spans, evaluate, load, raw_spans  # noqa: E402


def row(name: str, raw: Score, app: Score) -> str:
    return (f"| {name} | {raw.tp + raw.fn} | {raw.precision:.3f} | {raw.recall:.3f} | "
            f"{raw.f1:.3f} | {app.precision:.3f} | {app.recall:.3f} | {app.f1:.3f} | "
            f"{100 * (app.f1 - raw.f1):+.1f} |")


def by_label(model, gold) -> None:
    print("\nHeld-out F1 by label (raw -> app):")
    shown = app_spans(model, [g.article for g in gold])
    for label in sorted(LABELS):
        raw, app = Score(), Score()
        for item, found in zip(gold, shown):
            pick = lambda spans: {s for s in spans if s[2] == label}  # noqa: E731
            raw.add(pick(item.spans), pick(raw_spans(model, item.article)))
            app.add(pick(item.spans), pick(found))
        print(f"  {label:<7} n={raw.tp + raw.fn:<4} {raw.f1:.3f} -> {app.f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", action="store_true", help="also F1 by label (held-out)")
    args = parser.parse_args()
    from stancemark.nlp.model import load_model

    model = load_model()
    print(f"model {model.key}")
    print("| part, scoring | gold | raw P | raw R | raw F1 | app P | app R | app F1 | ΔF1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    parts = {part: load(part) for part in PARTS}
    for part, gold in parts.items():
        print(row(f"{part}, typed", *evaluate(model, gold)))
        print(row(f"{part}, untyped", *evaluate(model, gold, typed=False)))
        print(row(f"{part}, typed, 'the' either way", *evaluate(model, gold, any_the=True)))
    dropped = sum(g.dropped for gold in parts.values() for g in gold)
    print(f"\n{dropped} gold mentions sit on lines the parser takes out of the text "
          "(a 'By ...' byline, a date line) and are not counted.")
    if args.labels:
        by_label(model, parts["heldout"])


if __name__ == "__main__":
    main()
