"""Is this prison strike coverage? A readable score from the vocabulary (``data/vocabulary.toml``). Pure Python."""

from __future__ import annotations

import re

from pipeline.tagging.hits import Relevance
from pipeline.tagging.vocabulary import Vocabulary

_SENTENCE = re.compile(r"(?<=[.!?…”\"])\s+(?=[A-Z“\"‘'(])|\n+")
_MAX_REASONS = 6
_CONTEXT = 60
_SENTENCE_CAP = 2.0  # one sentence alone can reach the threshold, never more


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


def _sentence_score(sentence: str, vocab: Vocabulary) -> tuple[float, str | None]:
    actions = list(vocab.action_re.finditer(sentence))
    if not actions:
        return 0.0, None
    subject = vocab.subject_re.search(sentence)
    if not subject:
        return 0.0, None
    best = max(actions, key=lambda m: vocab.action_weight(m.group(0)))
    distinct = {m.group(0).lower(): vocab.action_weight(m.group(0)) for m in actions}
    negative = vocab.negative_re.search(sentence)
    if negative:
        return 0.0, f'ignored "{best.group(0)}": done by "{negative.group(0)}": {_snippet(sentence, *best.span())}'
    weight = min(_SENTENCE_CAP, sum(distinct.values()))
    if weight <= 0:
        return 0.0, None
    return weight, f'"{best.group(0)}" + "{subject.group(0)}" (+{weight:g}): {_snippet(sentence, *best.span())}'


def score(title: str, text: str, us_evidence: int, vocab: Vocabulary) -> Relevance:
    """Sum of action-with-prisoners sentences (headline counts double) and organising groups, against a threshold;
    a protest abroad (foreign cues outnumbering US evidence) is not ours."""
    total, reasons, ignored = 0.0, [], []
    for field, body, factor in (("headline", title, 2.0), ("text", text, 1.0)):
        for _, sentence in sentences(body or ""):
            weight, why = _sentence_score(sentence, vocab)
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
