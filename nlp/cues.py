"""The words that mark reported speech, in one place: cue verbs and adjectives by what they
take as what is said, pronouns by whom they may stand for, and the words a speaker's name is
stripped of. Lemmas, lower case (spaCy's English lemmatizer)."""

from __future__ import annotations

# Speech verbs: what is said is a clause ("said that…", "said the plan…") or a direct quote.
SPEECH = frozenset({
    "say", "tell", "add", "note", "argue", "warn", "state", "claim", "insist", "explain",
    "announce", "declare", "report", "stress", "emphasize", "emphasise", "suggest",
    "acknowledge", "admit", "assert", "contend", "maintain", "predict", "reply", "respond",
    "write", "comment", "remark", "observe", "mention", "confirm", "caution", "allege",
    "conclude", "concede", "complain", "urge", "recall", "testify", "promise", "vow", "pledge",
    "reiterate", "repeat", "reveal", "disclose", "recommend", "propose", "estimate",
})
# Speech verbs whose object or infinitive is what is said ("urged restraint", "…to return").
SPEECH_OBJECT = frozenset({"urge", "promise", "vow", "pledge"})
# Cognition verbs: only with a clause ("fears the alliance could…", not "fears a repeat").
COGNITION = frozenset({
    "believe", "think", "fear", "worry", "expect", "doubt", "suspect", "feel", "reckon",
    "assume", "suppose", "hope", "know", "consider", "realize", "realise", "find", "agree",
})
# Speech acts whose object is what is said ("condemned the approval").
EVALUATIVE = frozenset({
    "condemn", "criticize", "criticise", "denounce", "praise", "welcome", "slam", "accuse",
    "reject", "deny", "dismiss", "applaud", "hail", "deplore", "decry", "dispute", "blame",
})
# Verb + particle, as the cue reads: "point out".
PARTICLE = {("point", "out"): "point out", ("spell", "out"): "spell out"}
# "X is concerned that…": adjectives of cognition, with a clause.
ADJECTIVES = frozenset({
    "concerned", "worried", "aware", "convinced", "confident", "sure", "afraid", "certain",
    "optimistic", "pessimistic", "hopeful", "adamant", "skeptical", "sceptical",
})
# "According to X" and "in X's view": a source phrase in front of or after the clause.
ACCORDING = "according to"
VIEW_NOUNS = frozenset({"view", "opinion", "eyes", "words"})
# "made it clear that…"
MAKE_CLEAR = "make clear"
# "according to a statement from the ministry": the source is the ministry.
DOCUMENT_NOUNS = frozenset({"statement", "report", "letter", "document", "memo", "release",
                            "announcement", "remarks", "comments"})

# Pronouns that stand for a speaker named earlier, and the labels a name must have to be one.
PERSON_PRONOUNS = frozenset({"he", "she"})
THING_PRONOUNS = frozenset({"it", "they"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Subjects that are never a speaker: the writer or the reader, a demonstrative.
NOT_SPEAKERS = frozenset({"i", "we", "you", "me", "us", "this", "that", "these", "those",
                          "there", "one", "what"})
# Words a speaker phrase is stripped of ("Many experts" -> "experts").
QUANTIFIERS = frozenset({"many", "some", "several", "most", "few", "all", "both", "other",
                         "various", "numerous", "certain", "any", "each", "every", "more"})
# Entity labels that can name a speaker (numbers and dates cannot).
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT",
                            "WORK_OF_ART", "EVENT", "LAW"})
