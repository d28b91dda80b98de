"""Banded locality-sensitive hashing over MinHash signatures, done in numpy for a whole batch at once.

Each signature is cut into ``bands`` bands of ``rows`` values; articles whose signatures agree on every value of
some band become candidate pairs (with 42 bands of 3 rows, a pair with Jaccard similarity 0.3 is found with
probability 0.68, 0.4 with 0.94, 0.5 with 0.996). Within a bucket each member is paired with the bucket's
``neighbours`` earliest members only, so a story copied a thousand times costs a thousand pairs, not half a
million. Time and memory grow linearly with the number of articles (plus a sort per band).

datasketch's ``MinHashLSH`` does the same per article through Python dicts of sets; at 100,000 articles that took
1.6 GB and grew 20x in time for 10x articles (``bench/stories.py``), hence this batch form.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

BANDS = 42
ROWS = 3
NEIGHBOURS = 4
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64)


def band_key(signatures: np.ndarray, band: int, rows: int = ROWS) -> np.ndarray:
    """One 64-bit key per article for ``band`` (its ``rows`` signature values mixed together)."""
    cut = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
    return np.bitwise_xor.reduce(cut * _MIX[:rows], axis=1)


def _band_pairs(keys: np.ndarray, rank: np.ndarray, neighbours: int) -> list[np.ndarray]:
    n = len(keys)
    order = np.lexsort((rank, keys))
    ordered = keys[order]
    starts = np.ones(n, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    run_start = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    pos = np.arange(n)
    found = []
    for j in range(neighbours):
        partner = run_start + j
        ok = partner < pos  # an earlier member of the same bucket
        if ok.any():
            found.append(np.stack([order[partner[ok]], order[pos[ok]]], axis=1))
    return found


def candidate_pairs(signatures: np.ndarray, rank: np.ndarray, bands: int = BANDS, rows: int = ROWS,
                    neighbours: int = NEIGHBOURS) -> np.ndarray:
    """Distinct candidate pairs (row indices ``i < j``) among ``signatures``; ``rank`` orders a bucket's members."""
    n = signatures.shape[0]
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    found = [p for band in range(bands) for p in _band_pairs(band_key(signatures, band, rows), rank, neighbours)]
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found).astype(np.int64)
    lo, hi = pairs.min(axis=1), pairs.max(axis=1)
    codes = np.unique(lo * n + hi)
    return np.stack([codes // n, codes % n], axis=1)


def neighbours_of(ids: list[int], pairs: np.ndarray, wanted: set[int]) -> dict[int, set[int]]:
    """For each id in ``wanted``: the ids it is paired with."""
    found: dict[int, set[int]] = defaultdict(set)
    for i, j in pairs.tolist():
        a, b = ids[i], ids[j]
        if a in wanted:
            found[a].add(b)
        if b in wanted:
            found[b].add(a)
    return found
