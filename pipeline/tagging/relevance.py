"""Is this prison strike coverage? A readable score from the vocabulary (``data/vocabulary.toml``). Pure Python."""

from __future__ import annotations

import re

from pipeline.tagging.hits import Relevance
from pipeline.tagging.vocabulary import Vocabulary

_SENTENCE = re.compile(r"(?<=[.!?…”\"])\s+(?=[A-Z“\"‘'(])|\n+")
_MAX_REASONS = 6
_CONTEXT = 60
_SENTENCE_CAP = 2.0  # one sentence alone can reach the threshold, never more
_OF_PHRASE = re.compile(r"\s+(?:of|for|with)\s+(?:[\w'’.-]+\s+){0,3}")  # "relatives of (the men) held"
_REPORTING = re.compile(r"\b(?:say|says|said|told|tell|report|reports|reported|according|wrote|write|writes)\b")


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs: split at sentence ends and line breaks."""
    out, pos = [], 0
    for m in _SENTENCE.finditer(text):
        if text[pos : m.start()].strip():
            out.append((pos, text[pos : m.start()]))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, text[pos:]))
    return out


def _snippet(sentence: str, start: int, end: int) -> str:
    left = max(0, start - _CONTEXT)
    right = min(len(sentence), end + _CONTEXT)
    return ("…" if left else "") + " ".join(sentence[left:right].split()) + ("…" if right < len(sentence) else "")


def _absorbed(sentence: str, person: re.Match[str], negatives: list[re.Match[str]]) -> bool:
    """Is this held-people mention part of a negative actor ("formerly incarcerated", "relatives of prisoners")?"""
    for neg in negatives:
        if neg.start() <= person.start() < neg.end():
            return True
        if neg.end() <= person.start() and _OF_PHRASE.fullmatch(sentence[neg.end() : person.start()]):
            return True
    return False


def _done_by_negative(action: re.Match[str], negatives: list[re.Match[str]], people: list[re.Match[str]],
                      sentence: str) -> re.Match[str] | None:
    """The negative actor who carries out ``action``: the nearest actor before it (or the action word itself,
    "protesters"), else the nearest after it ("The strike ... as correction officers ..."), is a negative one and no
    reporting verb stands between ("Relatives of men at Holman say a work stoppage ..."). ``None`` when people held
    inside are that actor, or when no actor is named."""
    before = [m for m in (*negatives, *people) if m.start() < action.start() or m.start() < action.end() <= m.end()]
    if before:
        nearest = max(before, key=lambda m: (m.end(), m in negatives))
        between = sentence[nearest.end() : action.start()]
    else:
        after = [m for m in (*negatives, *people) if m.start() >= action.end()]
        if not after:
            return None
        nearest = min(after, key=lambda m: m.start())
        between = sentence[action.end() : nearest.start()]
        if _REPORTING.match(sentence[nearest.end() :].lstrip(" ,")):
            return None  # "…refused their trays, relatives said": the source, not the actor
    if nearest not in negatives or _REPORTING.search(between):
        return None
    return nearest


def _subject(sentence: str, vocab: Vocabulary, facilities: tuple[str, ...]) -> str | None:
    """Who is held here: a subject term, else a facility the tagger found ("men at the Telford Unit")."""
    found = vocab.subject_re.search(sentence)
    if found:
        return found.group(0)
    return next((name for name in facilities if name in sentence), None)


def _sentence_score(sentence: str, vocab: Vocabulary, facilities: tuple[str, ...] = ()) -> tuple[float, str | None]:
    actions = list(vocab.action_re.finditer(sentence))
    if not actions:
        return 0.0, None
    subject = _subject(sentence, vocab, facilities)
    if not subject:
        return 0.0, None
    negatives = list(vocab.negative_re.finditer(sentence))
    people = [m for m in vocab.people_re.finditer(sentence) if not _absorbed(sentence, m, negatives)]
    kept: list[tuple[re.Match[str], re.Match[str] | None]] = []  # (action, None)
    negated: list[tuple[re.Match[str], re.Match[str] | None]] = []  # (action, the negative actor who did it)
    for action in actions:
        by = _done_by_negative(action, negatives, people, sentence)
        (negated if by else kept).append((action, by))
    if not kept:
        action, by = max(negated, key=lambda ab: vocab.action_weight(ab[0].group(0)))
        assert by is not None
        return 0.0, f'ignored "{action.group(0)}": done by "{by.group(0)}": {_snippet(sentence, *action.span())}'
    best = max((a for a, _ in kept), key=lambda m: vocab.action_weight(m.group(0)))
    distinct = {a.group(0).lower(): vocab.action_weight(a.group(0)) for a, _ in kept}
    weight = min(_SENTENCE_CAP, sum(distinct.values()))
    if weight <= 0:
        return 0.0, None
    return weight, f'"{best.group(0)}" + "{subject}" (+{weight:g}): {_snippet(sentence, *best.span())}'


def score(title: str, text: str, us_evidence: int, vocab: Vocabulary, facilities: tuple[str, ...] = ()) -> Relevance:
    """Sum of action-with-prisoners sentences (headline counts double) and organising groups, against a threshold;
    a protest abroad (foreign cues outnumbering US evidence) is not ours."""
    total, reasons, ignored = 0.0, [], []
    for field, body, factor in (("headline", title, 2.0), ("text", text, 1.0)):
        for _, sentence in sentences(body or ""):
            weight, why = _sentence_score(sentence, vocab, facilities)
            if why and weight:
                total += weight * factor
                reasons.append(f"{field}: {why}" if field == "headline" else why)
            elif why:
                ignored.append(why)
    groups = sorted({m.group(0) for m in vocab.group_re.finditer(f"{title}\n{text}")})
    for group in groups:
        total += vocab.groups.get(group, 0.0)
        reasons.append(f'organising group: "{group}"')
    relevant = total >= vocab.threshold
    foreign = sorted({m.group(0) for m in vocab.foreign_re.finditer(f"{title}\n{text}")})
    n_foreign = len(vocab.foreign_re.findall(f"{title}\n{text}"))
    n_us = us_evidence + len(vocab.us_re.findall(f"{title}\n{text}"))
    if relevant and foreign and n_foreign > n_us:
        relevant = False
        reasons.append(f"outside the US: {', '.join(foreign[:5])} ({n_foreign} cues vs {n_us} US)")
    if not reasons:
        reasons.append("no protest by people held in prison, jail or detention")
    out = reasons[:_MAX_REASONS] + ignored[: max(0, _MAX_REASONS - len(reasons))]
    return Relevance(relevant, round(total, 2), out)
