"""Messages that workers post to the main screen. Workers never touch widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from stancemark.nlp.analysis import Analysis
    from stancemark.nlp.attribution import Attributions
    from stancemark.nlp.model import Model
    from stancemark.nlp.suggest import Suggester, Suggestion


class ModelReady(Message):
    """The spaCy pipeline has loaded."""

    def __init__(self, model: Model) -> None:
        super().__init__()
        self.model = model


class ModelFailed(Message):
    """No pipeline could be loaded; ``reason`` tells the user what to do."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class AnalysisReady(Message):
    """Entities and sentences of some articles are ready (sent in batches, so a long
    background run does not flood the screen with messages)."""

    def __init__(self, results: dict[str, Analysis], done: int, total: int) -> None:
        super().__init__()
        self.results = results
        self.done = done
        self.total = total


class AttributionsReady(Message):
    """The reported speech of an article has been found."""

    def __init__(self, article_id: str, attributions: Attributions) -> None:
        super().__init__()
        self.article_id = article_id
        self.attributions = attributions


class SuggesterReady(Message):
    """A stance model has been trained on the user's tags (its quality included)."""

    def __init__(self, suggester: Suggester) -> None:
        super().__init__()
        self.suggester = suggester


class SuggestionsReady(Message):
    """The suggested stance of each sentence of an article, by a model version."""

    def __init__(self, article_id: str, version: str,
                 suggestions: dict[tuple[int, int], Suggestion]) -> None:
        super().__init__()
        self.article_id = article_id
        self.version = version
        self.suggestions = suggestions
