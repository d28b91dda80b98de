"""Text fingerprints: word shingles, MinHash signatures, and the similarity of two signatures.

Near-duplicates are judged on word 5-shingles of the article text (the title when there is no text). Two
texts match when their estimated Jaccard similarity reaches ``threshold``, or when the shorter one is mostly
contained in the longer (a copy with a trimmed ending or with boilerplate around it).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 64
MIN_SHINGLES = 8  # fewer than this: too short for near-duplicate matching; only exact text matches
MIN_EXACT_WORDS = 6  # fewer words than this: not even an exact match counts (headlines like "Opinion")
MIN_CONTAINED_JACCARD = 0.25  # below this the Jaccard estimate is too noisy to infer containment from
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Fingerprint:
    """What clustering keeps of an article: an exact-text key, a MinHash signature and the shingle count."""

    exact: str | None
    signature: np.ndarray | None
    shingles: int


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(tokens: list[str], k: int = SHINGLE_WORDS) -> set[bytes]:
    if len(tokens) < k:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i : i + k]).encode("utf-8") for i in range(len(tokens) - k + 1)}


@cache
def _template(num_perm: int) -> MinHash:
    return MinHash(num_perm=num_perm)


def minhash(items: set[bytes], num_perm: int = NUM_PERM) -> MinHash:
    """A MinHash of ``items``; permutations are shared, so building one is cheap."""
    template = _template(num_perm)
    mh = MinHash(num_perm=num_perm, permutations=template.permutations, scheme=template.scheme)
    mh.update_batch(items)
    return mh


def fingerprint(title: str, text: str, num_perm: int = NUM_PERM) -> Fingerprint:
    tokens = words(text) or words(title)
    exact = hashlib.sha1(" ".join(tokens).encode("utf-8")).hexdigest() if len(tokens) >= MIN_EXACT_WORDS else None
    grams = shingles(tokens)
    if len(grams) < MIN_SHINGLES:
        return Fingerprint(exact, None, len(grams))
    return Fingerprint(exact, minhash(grams, num_perm).hashvalues, len(grams))


def as_minhash(signature: np.ndarray) -> MinHash:
    template = _template(len(signature))
    return MinHash(hashvalues=signature, permutations=template.permutations, scheme=template.scheme)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def containment(j: float, n_a: int, n_b: int) -> float:
    """Estimated share of the smaller shingle set found in the larger, from their Jaccard similarity."""
    if j <= 0 or min(n_a, n_b) == 0:
        return 0.0
    return min(1.0, j * (n_a + n_b) / ((1 + j) * min(n_a, n_b)))


def similarity(a: Fingerprint, b: Fingerprint, threshold: float, contained: float) -> float | None:
    """The match score of two fingerprints, or ``None`` when they are not the same story."""
    if a.exact is not None and a.exact == b.exact:
        return 1.0
    if a.signature is None or b.signature is None:
        return None
    j = jaccard(a.signature, b.signature)
    if j >= threshold or (j >= MIN_CONTAINED_JACCARD and containment(j, a.shingles, b.shingles) >= contained):
        return round(j, 3)
    return None
