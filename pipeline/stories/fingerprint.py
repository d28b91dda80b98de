"""Text fingerprints: word shingles, MinHash signatures, and the similarity of two signatures.

Signatures are computed with numpy (64-bit word hashes combined per shingle, then multiply-shift hash functions)
and searched with banded LSH (``lsh.py``); they are deterministic across runs and machines.

Near-duplicates are judged on word 5-shingles of the article text (the title when there is no text). Two
texts match when their estimated Jaccard similarity reaches ``threshold``, or when the shorter one is mostly
contained in the longer (a copy with a trimmed ending or with boilerplate around it).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
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


def shingles(tokens: list[str], k: int = SHINGLE_WORDS) -> set[str]:
    """The word ``k``-shingles of ``tokens`` (for reading and tests; signatures hash them without building them)."""
    if len(tokens) < k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


@lru_cache(maxsize=500_000)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


@cache
def _params(num_perm: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fixed random constants: per shingle position, and (a, b) of each multiply-shift hash function."""
    rng = np.random.default_rng(20261116)
    positions = rng.integers(1, 2**63, size=SHINGLE_WORDS, dtype=np.uint64) | np.uint64(1)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return positions, a, b


def shingle_hashes(tokens: list[str], k: int = SHINGLE_WORDS) -> np.ndarray:
    """Distinct 64-bit hashes of the word ``k``-shingles (a whole short text is one shingle)."""
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    positions, _a, _b = _params(NUM_PERM)
    w = np.fromiter((_word_hash(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    if len(w) < k:
        return np.array([np.bitwise_xor.reduce(w * positions[: len(w)])], dtype=np.uint64)
    m = len(w) - k + 1
    x = np.zeros(m, dtype=np.uint64)
    for i in range(k):
        x ^= w[i : i + m] * positions[i]
    return np.unique(x)


def signature(hashes: np.ndarray, num_perm: int = NUM_PERM) -> np.ndarray:
    """The MinHash signature of a set of 64-bit hashes: per hash function, the smallest (a*x + b) >> 32."""
    _positions, a, b = _params(num_perm)
    return ((hashes[:, None] * a + b) >> np.uint64(32)).min(axis=0).astype(np.uint32)


def fingerprint(title: str, text: str, num_perm: int = NUM_PERM) -> Fingerprint:
    tokens = words(text) or words(title)
    exact = hashlib.sha1(" ".join(tokens).encode("utf-8")).hexdigest() if len(tokens) >= MIN_EXACT_WORDS else None
    hashes = shingle_hashes(tokens)
    if len(hashes) < MIN_SHINGLES:
        return Fingerprint(exact, None, len(hashes))
    return Fingerprint(exact, signature(hashes, num_perm), len(hashes))


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
