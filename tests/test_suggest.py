"""The stance model learned from the user's tags: when it trains, how its quality is judged
against the majority baseline, and training in the child process."""

from __future__ import annotations

import pytest

from stancemark.nlp.suggest import MIN_TAGS, fold_of, least_sure, not_ready, train, version_of
from stancemark.nlp.trainer import Trainer, TrainingFailed
from stancedata import stance_rows


def tagged(n: int) -> tuple[list[str], list[str]]:
    """``n`` favor and against sentences of the stance data set with their stances."""
    rows = stance_rows(("favor", "against"), seed=0)[:n]
    return [r["text"] for r in rows], [r["stance"] for r in rows]


def test_no_model_before_30_tags_in_two_stances():
    texts, labels = tagged(MIN_TAGS - 1)
    assert "30 tagged passages" in not_ready(labels) and "(29 so far" in not_ready(labels)
    assert "1 stance)" in not_ready(["favor"] * 40)
    with pytest.raises(ValueError, match="at least 2 stances"):
        train(["The council met."] * 40, ["favor"] * 40)
    assert not_ready(tagged(MIN_TAGS)[1]) is None


def test_a_model_of_learnable_tags_beats_the_baseline_and_suggests_their_stances():
    texts, labels = tagged(40)
    model = train(texts, labels)
    quality = model.quality
    assert quality.tags == 40 and quality.beats_baseline
    commonest = max(map(labels.count, set(labels))) / len(labels)
    assert quality.accuracy > quality.baseline_accuracy == pytest.approx(commonest)
    assert set(model.labels) == {"favor", "against"}
    welcomed, condemned = model.suggest(["Residents welcomed and praised the new plan.",
                                         "Residents condemned and opposed the new plan."])
    assert (welcomed.stance, condemned.stance) == ("favor", "against")
    assert 0.5 < welcomed.confidence <= 1 and welcomed.margin == pytest.approx(
        2 * welcomed.confidence - 1)
    assert f"accuracy {quality.accuracy:.0%}" in quality.describe()
    assert f"commonest stance: {commonest:.0%}" in quality.describe()


def test_tags_a_classifier_cannot_tell_apart_do_not_beat_the_baseline():
    """The same sentence tagged favor twice as often as against: nothing to learn, so the
    cross-validated model does no better than always answering favor."""
    labels = ["favor", "favor", "against"] * 12
    quality = train(["The committee met again."] * 36, labels).quality
    assert quality.baseline_accuracy == pytest.approx(2 / 3)
    assert not quality.beats_baseline


def test_the_version_names_the_tags_it_was_trained_on():
    texts, labels = tagged(35)
    assert version_of(texts, labels) == version_of(list(texts), list(labels))
    assert version_of(texts, labels).split(":")[1] == "35"
    assert version_of(texts, labels) != version_of(texts, labels[:-1] + ["favor"
                                                   if labels[-1] == "against" else "against"])
    assert train(texts, labels).version == version_of(texts, labels)


def test_folds_deal_each_stance_round_robin_and_the_least_sure_come_first():
    assert fold_of(["a", "b", "a", "a", "b"], folds=2) == [0, 0, 1, 0, 1]
    model = train(*tagged(40))
    suggestions = model.suggest(["It welcomed it.", "The plan was mentioned.",
                                 "They condemned it angrily."])
    order = least_sure(suggestions)
    assert [suggestions[i].margin for i in order] == sorted(s.margin for s in suggestions)


def test_the_child_process_trains_the_same_model_and_reports_failures():
    texts, labels = tagged(36)
    trainer = Trainer()
    try:
        model = trainer.train(texts, labels)
        assert model.version == version_of(texts, labels)
        assert model.quality == train(texts, labels).quality
        with pytest.raises(TrainingFailed, match="at least 2 stances"):
            trainer.train(texts, ["favor"] * len(texts))
        process = trainer._process
        trainer.close()
        assert process.poll() is not None  # ended
        assert trainer.train(texts, labels).version == model.version  # a new one starts
    finally:
        trainer.close()
