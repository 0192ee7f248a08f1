"""Exact and near-duplicate keys: a content hash, a MinHash signature and its LSH band keys."""
from __future__ import annotations

import functools
import hashlib
import re
import struct
import zlib

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
_MASK64 = (1 << 63) - 1


def content_hash(text: str) -> str:
    """The document key: a hash of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


_WORD_CACHE: dict[str, int] = {}


def _word_hashes(words: list[str]) -> list[int]:
    """crc32 of each word, memoized (news vocabulary repeats; the cache is bounded)."""
    if len(_WORD_CACHE) > 500_000:
        _WORD_CACHE.clear()
    get = _WORD_CACHE.get
    out = []
    for w in words:
        h = get(w)
        if h is None:
            h = _WORD_CACHE[w] = zlib.crc32(w.encode("utf-8"))
        out.append(h)
    return out


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """32-bit hashes of the casefolded text's word n-grams (the unit MinHash compares)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    hw = np.array(_word_hashes(words), dtype=np.uint64)
    if len(hw) < size:
        size = len(hw)
    acc = hw[: len(hw) - size + 1].copy()
    for k in range(1, size):
        acc = acc * np.uint64(1_000_003) + hw[k: len(hw) - size + 1 + k]
    return acc & np.uint64(0xFFFFFFFF)


@functools.lru_cache(maxsize=4)
def _prototype(num_perm: int):
    """One MinHash whose permutations every signature reuses (building them is costly)."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=1, hashfunc=int)


def signature(text: str, num_perm: int, size: int) -> np.ndarray:
    """MinHash signature (datasketch, affine32 scheme) of the text's shingles, as uint64 values."""
    from datasketch import MinHash

    proto = _prototype(num_perm)
    mh = MinHash(num_perm=num_perm, seed=1, hashfunc=int, permutations=proto.permutations,
                 scheme=proto.scheme)
    hashes = shingle_hashes(text, size)
    if len(hashes):
        mh.update_batch(hashes.tolist())
    return mh.hashvalues.astype(np.uint64)


def band_keys(sig: np.ndarray, bands: int) -> list[int]:
    """One 63-bit key per LSH band: documents sharing any key are near-duplicate candidates."""
    rows = len(sig) // bands
    keys = []
    for b in range(bands):
        chunk = sig[b * rows:(b + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=struct.pack("<Q", b)).digest()
        keys.append(int.from_bytes(digest, "little") & _MASK64)
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b)) if len(a) == len(b) and len(a) else 0.0


def to_blob(sig: np.ndarray) -> bytes:
    """Signature as bytes for the store."""
    return sig.astype("<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """Inverse of to_blob."""
    return np.frombuffer(bytes(blob), dtype="<u8")
