"""Exact and near-duplicate keys: a content hash, a MinHash signature and its LSH band keys."""
from __future__ import annotations

import functools
import hashlib
import re
import zlib

import numpy as np

from storyline.memo import WordMemo

_MASK64 = (1 << 63) - 1


def content_hash(text: str) -> str:
    """The document key: a hash of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# crc32 of each word, memoized (bounded)
_WORD_HASHES = WordMemo(lambda w: zlib.crc32(w.encode("utf-8")), 500_000)


def shingle_hashes(text: str, size: int) -> tuple[np.ndarray, int]:
    """(32-bit hashes of the casefolded text's token n-grams, token count)."""
    words = text.casefold().split()
    if not words:
        return np.zeros(0, dtype=np.uint64), 0
    hw = np.array(_WORD_HASHES.map(words), dtype=np.uint64)
    if len(hw) < size:
        size = len(hw)
    acc = hw[: len(hw) - size + 1].copy()
    for k in range(1, size):
        acc = acc * np.uint64(1_000_003) + hw[k: len(hw) - size + 1 + k]
    return acc & np.uint64(0xFFFFFFFF), len(words)


@functools.lru_cache(maxsize=4)
def _minhash(num_perm: int):
    """One datasketch MinHash per process: its permutations (building them is costly)."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=1, hashfunc=int)


# MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme mixes each input hash with
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _permuted_min(hashes: np.ndarray, num_perm: int) -> np.ndarray:
    """datasketch MinHash(seed=1, affine32).update_batch(hashes).hashvalues, computed on the array
    directly: update_batch converts the array to a list of ints and back (a third of the cost)."""
    mh = _minhash(num_perm)
    a, b = mh.permutations
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hashes.astype(np.uint32)
    hv = (hv ^ (hv >> s1)) * m1
    hv = (hv ^ (hv >> s2)) * m2
    hv = (hv ^ (hv >> s3)).reshape(-1, 1)
    return (hv * a + b).min(axis=0)


def signature(text: str, num_perm: int, size: int) -> tuple[np.ndarray, int]:
    """(MinHash signature as uint64 values, token count) of the text; datasketch's affine32 scheme."""
    hashes, n_tokens = shingle_hashes(text, size)
    if not len(hashes):
        return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint64), n_tokens
    return _permuted_min(hashes, num_perm).astype(np.uint64), n_tokens


_BAND_MULT = np.uint64(0x9E3779B97F4A7C15)


def band_keys(sig: np.ndarray, bands: int) -> list[int]:
    """One 63-bit key per LSH band: documents sharing any key are near-duplicate candidates."""
    rows = len(sig) // bands
    grid = sig[: rows * bands].astype(np.uint64).reshape(bands, rows)
    acc = np.arange(1, bands + 1, dtype=np.uint64) * _BAND_MULT
    for r in range(rows):
        acc = (acc ^ grid[:, r]) * _BAND_MULT
        acc ^= acc >> np.uint64(29)
    return [int(k) & _MASK64 for k in acc]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b)) if len(a) == len(b) and len(a) else 0.0


def to_blob(sig: np.ndarray) -> bytes:
    """Signature as bytes for the store."""
    return sig.astype("<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """Inverse of to_blob."""
    return np.frombuffer(bytes(blob), dtype="<u8")
