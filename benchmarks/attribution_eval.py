"""Attribution against the hand-written gold in tests/gold/attribution/, per part (tune, held-out).

Run ``.venv/bin/python benchmarks/attribution_eval.py [--part tune|heldout|all] [-v]``.

A gold item is a reported-speech sentence with its speaker and cue. A found attribution counts
for every sentence that what it says, or its cue, overlaps; a sentence-speaker pair is right when
the gold has the same pair (speakers compared without case and a leading "the"). Prints the
precision and recall of those pairs, the share of right pairs whose cue is right too, and, for
each gold sentence, whether the holder picker's first offer is its speaker: with attributions
(ours) and without (the reading-order picker as it was), over all sentences and over those whose
speaker is a named entity (the only ones the reading-order picker can get). Then the time
attribution takes per seed article, against finding its entities in the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from bisect import bisect_right
from pathlib import Path

from stancemark.nlp.analysis import analyze
from stancemark.nlp.attribution import Attributions, attribute
from stancemark.nlp.model import Model, load_model, load_parser
from stancemark.store.article import Article, parse_article
from stancemark.store.paths import SEEDS_DIR
from stancemark.tui.annotator import holder_candidates

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "attribution"


def norm(name: str) -> str:
    """A speaker as compared: lower case, straight apostrophes, no leading "the"."""
    name = " ".join(name.replace("’", "'").lower().split())
    return name[4:] if name.startswith("the ") else name


def load_gold(part: str) -> list[tuple[str, Article, list[dict]]]:
    """(name, article, items) of each gold file in ``part`` ("all" for both)."""
    found = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if part not in ("all", gold["split"]):
            continue
        source = SEEDS_DIR / gold["seed"] if "seed" in gold else GOLD / gold["file"]
        found.append((path.stem, parse_article(source.read_text(encoding="utf-8"), str(source)),
                      gold["items"]))
    return found


def sentence_of(sentences: list[tuple[int, int]], offset: int) -> int:
    return bisect_right([s for s, _ in sentences], offset) - 1


def gold_pairs(article: Article, sentences, items: list[dict]) -> dict[int, set[str]]:
    """Gold speakers by sentence index."""
    pairs: dict[int, set[str]] = {}
    for item in items:
        at = article.text.find(item["sentence"])
        assert at >= 0 and article.text.find(item["sentence"], at + 1) < 0, item
        pairs.setdefault(sentence_of(sentences, at), set()).add(norm(item["speaker"]))
    return pairs


def found_pairs(article: Article, sentences, found: Attributions) -> dict[tuple[int, str], set]:
    """Found (sentence, speaker) pairs, with their cues."""
    pairs: dict[tuple[int, str], set] = {}
    for item in found.items:
        name = norm(article.text[item.speaker.start:item.speaker.end])
        for index, (a, b) in enumerate(sentences):
            if item.start < b and item.end > a or a <= item.cue_start < b:
                pairs.setdefault((index, name), set()).add(item.cue)
    return pairs


def evaluate(model: Model, parser: Model, part: str, verbose: bool) -> None:
    right = found_total = gold_total = cue_right = 0
    first = {"ours": [0, 0], "reading order": [0, 0]}  # [all sentences, named speakers]
    named_total = sentences_total = 0
    for name, article, items in load_gold(part):
        analysis = next(analyze(model, [article]))
        sentences = analysis.sentences
        found = attribute(parser, article, analysis.entities)
        gold = gold_pairs(article, sentences, items)
        got = found_pairs(article, sentences, found)
        cues = {(sentence_of(sentences, article.text.find(i["sentence"])), norm(i["speaker"])):
                i["cue"] for i in items}
        gold_set = {(s, who) for s, names in gold.items() for who in names}
        right += len(gold_set & got.keys())
        cue_right += sum(1 for pair in gold_set & got.keys() if cues[pair] in got[pair])
        found_total += len(got)
        gold_total += len(gold_set)
        entity_names = {norm(e.text(article.text)) for e in analysis.entities}
        for index, names in gold.items():
            start, end = sentences[index]
            named = bool(names & entity_names)
            sentences_total += 1
            named_total += named
            for picker, attributions in (("ours", found), ("reading order", None)):
                offered = holder_candidates(article.text, start, end, analysis.entities,
                                            attributions)
                hit = bool(offered) and norm(offered[0].name) in names
                first[picker][0] += hit
                first[picker][1] += hit and named
                if verbose and picker == "ours" and not hit:
                    print(f"  {name}: first offer {offered[0].name if offered else None!r}, "
                          f"gold {sorted(names)}: {article.text[start:end][:70]!r}")
        if verbose:
            for pair in sorted(gold_set - got.keys()):
                print(f"  {name}: missed {pair[1]!r} in {article.text[slice(*sentences[pair[0]])][:70]!r}")
            for pair in sorted(got.keys() - gold_set):
                print(f"  {name}: wrong  {pair[1]!r} ({', '.join(sorted(got[pair]))}) in "
                      f"{article.text[slice(*sentences[pair[0]])][:70]!r}")
    precision = right / found_total if found_total else 0.0
    recall = right / gold_total if gold_total else 0.0
    print(f"{part}: {gold_total} gold sentence-speaker pairs, {found_total} found, {right} right")
    print(f"  speaker precision {precision:.1%}   recall {recall:.1%}   "
          f"cue right in {cue_right}/{right} of the right ones")
    for picker, (hits, named) in first.items():
        print(f"  first offered holder right ({picker:>13}): {hits}/{sentences_total} "
              f"= {hits / sentences_total:.1%} of sentences; {named}/{named_total} "
              f"= {named / named_total:.1%} of those whose speaker is a named entity")


def timing(model: Model, parser: Model, runs: int) -> None:
    articles = [parse_article(p.read_text(encoding="utf-8"), str(p))
                for p in sorted(SEEDS_DIR.glob("*.txt"))]
    for article in articles:
        entity_times, attribution_times = [], []
        for _ in range(runs):
            began = time.perf_counter()
            analysis = next(analyze(model, [article]))
            entity_times.append(time.perf_counter() - began)
            began = time.perf_counter()
            attribute(parser, article, analysis.entities)
            attribution_times.append(time.perf_counter() - began)
        e, a = statistics.median(entity_times), statistics.median(attribution_times)
        print(f"  {Path(article.file).name} ({article.word_count} words): attribution "
              f"{a * 1000:.0f} ms, entities {e * 1000:.0f} ms (ratio {a / e:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=("tune", "heldout", "all"), default=None,
                        help="one part only (default: tune, then held-out, apart)")
    parser.add_argument("--runs", type=int, default=5, help="timing runs per seed article")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and errors")
    args = parser.parse_args()
    began = time.perf_counter()
    model = load_model()
    loaded = time.perf_counter()
    dependency = load_parser()
    print(f"models: entities {loaded - began:.2f} s to load, parser "
          f"{time.perf_counter() - loaded:.2f} s ({dependency.name})")
    for part in [args.part] if args.part else ["tune", "heldout"]:
        evaluate(model, dependency, part, args.verbose)
    if args.runs:
        print("time per article (median of", args.runs, "runs):")
        timing(model, dependency, args.runs)


if __name__ == "__main__":
    main()
