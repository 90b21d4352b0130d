"""Stance suggestions (issue 10): the learning curve of the model on a stance data set, the time
of one retrain, and how late the app's event loop runs while a model is trained.

    .venv/bin/python benchmarks/suggest_bench.py [--draws 5] [--spacy] [--skip-latency]

The data set is tests/data/stance_sentences.tsv: 288 news-style sentences written for
stancemark (8 policy topics, 72 each of favor, against, neutral, uncertain; see
tests/data/README.md). No public stance data set ships in a package of the registries here.

1. Learning curve: n tagged passages drawn at random (``--draws`` draws), the model trained on
   them and scored on 30% of the sentences held out (macro-F1, accuracy), beside what the app shows
   (5-fold cross-validation on the n tags) and the majority baseline. ``--spacy`` adds spaCy's
   bag-of-words ``textcat`` on the same splits, the alternative measured when choosing.
2. One retrain (cross-validation and the final fit, what runs after each pause in tagging) at
   several numbers of tags.
3. The app with every sentence of an article tagged: the lateness of a 10 ms timer on the event
   loop and the time from a `j` (sent as the terminal sends it) to the cursor moved, while the
   app trains a model (in its child process), while the same training runs in a thread of the
   app's process instead, and while nothing is trained, in the same run.

Prints medians and ranges; asserts nothing (machines here are noisy).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from stancedata import stance_rows, write_article  # noqa: E402  (the tests' data set)
from figures import p95  # noqa: E402

HELD_OUT = 0.3  # of the sentences, per draw
SIZES = (30, 45, 60, 90, 120, 160, 200)
KINDS = {"idle": "nothing trained", "process": "trained by the app, in its child process",
         "thread": "the same training in a thread of the app's process (not used)"}


def spacy_fit_predict(train_x: list[str], train_y: list[str], test_x: list[str]) -> list[str]:
    """spaCy's textcat (TextCatBOW, unigrams and bigrams), 10 epochs of minibatches of 8."""
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False, "length": 262144}})
    labels = sorted(set(train_y))
    for label in labels:
        textcat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(x), {"cats": {l: float(l == y) for l in labels}})
                for x, y in zip(train_x, train_y)]
    optimizer = nlp.initialize(lambda: examples)
    shuffle = random.Random(0)
    for _ in range(10):
        shuffle.shuffle(examples)
        for i in range(0, len(examples), 8):
            nlp.update(examples[i:i + 8], sgd=optimizer)
    return [max(doc.cats, key=doc.cats.get) for doc in nlp.pipe(test_x)]


def learning_curve(draws: int, stances: tuple[str, ...] | None, with_spacy: bool) -> None:
    from stancemark.nlp.suggest import scores, cross_validate, fit

    data = stance_rows(stances)
    held_out = round(len(data) * HELD_OUT)
    name = "4 stances" if stances is None else " / ".join(stances)
    print(f"\nlearning curve, {name} ({len(data)} sentences; {held_out} held out per draw, "
          f"{draws} draws): mean (min–max)")
    print(f"  {'tags':>5}  {'held-out F1':>17}  {'accuracy':>8}  {'app shows (CV) F1':>17}  "
          f"{'majority F1/acc':>15}  {'fit':>6}" + ("  spaCy textcat F1 / fit" if with_spacy else ""))
    for n in SIZES:
        if n > len(data) - held_out:
            break
        f1, acc, cv_f1, base_f1, base_acc, fits, sp_f1, sp_fits = ([] for _ in range(8))
        for draw in range(draws):
            shuffled = data[:]
            random.Random(draw).shuffle(shuffled)
            train, test = shuffled[:n], shuffled[-held_out:]
            tx, ty = [r["text"] for r in train], [r["stance"] for r in train]
            truth = [r["stance"] for r in test]
            started = time.perf_counter()
            predicted = list(fit(tx, ty).predict([r["text"] for r in test]))
            fits.append(time.perf_counter() - started)
            a, f = scores(truth, predicted)
            acc.append(a)
            f1.append(f)
            cv_f1.append(cross_validate(tx, ty).macro_f1)
            commonest = max(set(ty), key=ty.count)
            ba, bf = scores(truth, [commonest] * len(truth))
            base_acc.append(ba)
            base_f1.append(bf)
            if with_spacy:
                started = time.perf_counter()
                sp = spacy_fit_predict(tx, ty, [r["text"] for r in test])
                sp_fits.append(time.perf_counter() - started)
                sp_f1.append(scores(truth, sp)[1])

        def spread(values: list[float]) -> str:
            return f"{statistics.mean(values):.2f} ({min(values):.2f}–{max(values):.2f})"

        line = (f"  {n:>5}  {spread(f1):>17}  {statistics.mean(acc):>8.0%}  {spread(cv_f1):>17}  "
                f"{statistics.mean(base_f1):>7.2f} {statistics.mean(base_acc):>6.0%}  "
                f"{statistics.median(fits) * 1000:>4.0f}ms")
        if with_spacy:
            line += f"  {spread(sp_f1)} / {statistics.median(sp_fits) * 1000:.0f}ms"
        print(line, flush=True)


def retrain_times() -> None:
    from stancemark.nlp.suggest import train

    data = stance_rows()
    # beyond the 288 sentences, passages of two and of three of them in a row: a size figure
    # only (they repeat the sentences, so their scores would flatter the model)
    longer = [{"text": " ".join(r["text"] for r in data[i:i + k]), "stance": data[i]["stance"]}
              for k in (2, 3) for i in range(len(data))]
    print("\none retrain (5-fold cross-validation + the final fit), median of 3:")
    for n in (30, 100, 288, 576, 864):
        sample = random.Random(n).sample(data, n) if n <= len(data) else (data + longer)[:n]
        texts, labels = [r["text"] for r in sample], [r["stance"] for r in sample]
        times = []
        for _ in range(3):
            started = time.perf_counter()
            model = train(texts, labels)
            times.append(time.perf_counter() - started)
        print(f"  {n:>5} tags: {statistics.median(times):5.2f} s"
              + (f"   ({model.quality.short()})" if n <= len(data) else ""))


async def latency(tmp: Path, trainings: int) -> None:
    from stancemark.nlp.model import load_model
    from stancemark.nlp.suggest import train
    from stancemark.store.annotation import Annotation
    from stancemark.store.config import Config
    from stancemark.store.library import Library
    from stancemark.tui.app import StancemarkApp
    from stancemark.tui.widgets.reader import Reader

    data = stance_rows(seed=0)
    path = write_article(tmp / "stances.txt", "Stances on eight policies",
                         [r["text"] for r in data], per_paragraph=4)
    library = Library.open(tmp / "latency.json", seed=False)
    (article,), _ = library.import_paths([path])
    for r in data:
        start = article.text.index(r["text"])
        library.save_annotation(Annotation.new(article.id, article.text, start,
                                               start + len(r["text"]), r["stance"], "default"))
    app = StancemarkApp(library, Config(), load_model())
    lateness: list[float] = []

    async def ticker(stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            due = loop.time() + 0.010
            await asyncio.sleep(0.010)
            lateness.append(loop.time() - due)

    async def press_j(reader) -> float:
        """Seconds from a `j` reaching the app (as from the terminal) to the cursor moved."""
        from textual import events

        before = reader.selection.index
        key = events.Key("j", "j")
        key.set_sender(app)
        started = time.perf_counter()
        app._driver.send_message(key)
        while reader.selection.index == before:
            await asyncio.sleep(0)
        return time.perf_counter() - started

    async def measure(reader, kind: str) -> tuple[list[float], list[float], float]:
        """Timer lateness and `j` presses while a model is trained: by the app (in its child
        process), or in a thread of the app's own process (the way not taken), or for a
        while with nothing trained."""
        main = app.main
        lateness.clear()
        presses: list[float] = []
        stop = asyncio.Event()
        task = asyncio.create_task(ticker(stop))
        started = time.perf_counter()
        if kind == "process":
            main.suggester = None
            main._start_training()
            busy = lambda: main._training  # noqa: E731
        elif kind == "thread":
            thread = threading.Thread(target=train, args=main._training_data())
            thread.start()
            busy = thread.is_alive
        else:
            busy = lambda: time.perf_counter() - started < 1.2  # noqa: E731
        while busy():
            presses.append(await press_j(reader))
            if reader.selection.index > len(reader.selection.sentences) - 5:
                reader.action_edge(0)
            await asyncio.sleep(0.05)
        took = time.perf_counter() - started
        stop.set()
        await task
        return lateness[:], presses, took

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        reader = app.main.query_one(Reader)
        while not reader.entities or app.main._training or app.main.suggester is None:
            await pilot.pause(0.1)  # the first model (sklearn's import included) comes first
        figures: dict[str, tuple[list[float], list[float], float]] = {
            kind: ([], [], 0.0) for kind in KINDS}
        for _ in range(trainings):
            for kind in KINDS:
                late, presses, took = await measure(reader, kind)
                figures[kind][0].extend(late)
                figures[kind][1].extend(presses)
                figures[kind] = (figures[kind][0], figures[kind][1], figures[kind][2] + took)
        quality = app.main.suggester.quality.short()
    library.close()
    print(f"\nthe app while a model is trained on {len(data)} tags ({trainings} trainings each; "
          f"{quality}):")
    for kind, (late, presses, took) in figures.items():
        print(f"  {KINDS[kind]} ({took / trainings:.2f} s each):")
        ms = [v * 1000 for v in late]
        keys = [v * 1000 for v in presses]
        print(f"    10 ms timer late by: median {statistics.median(ms):5.1f} ms  p95 "
              f"{p95(ms):5.1f} ms  max {max(ms):6.1f} ms ({len(ms)} ticks)")
        print(f"    `j` to cursor moved: median {statistics.median(keys):5.1f} ms  p95 "
              f"{p95(keys):5.1f} ms  max {max(keys):6.1f} ms ({len(keys)} presses)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, default=5)
    parser.add_argument("--spacy", action="store_true", help="also spaCy's textcat")
    parser.add_argument("--trainings", type=int, default=3)
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()
    learning_curve(args.draws, None, args.spacy)
    learning_curve(args.draws, ("favor", "against"), args.spacy)
    retrain_times()
    if not args.skip_latency:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["STANCEMARK_DATA_DIR"] = tmp
            os.environ["STANCEMARK_CACHE_DIR"] = tmp
            asyncio.run(latency(Path(tmp), args.trainings))


if __name__ == "__main__":
    main()
