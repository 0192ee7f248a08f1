"""Exact and near-duplicate keys: a content hash, a MinHash signature and its LSH band keys."""
from __future__ import annotations

import hashlib
import re
import struct

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
_MASK64 = (1 << 63) - 1


def content_hash(text: str) -> str:
    """The document key: a hash of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def shingles(text: str, size: int) -> list[bytes]:
    """Word n-grams of the casefolded text (the unit MinHash compares)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return [" ".join(words).encode()] if words else []
    return [" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)]


def signature(text: str, num_perm: int, size: int) -> np.ndarray:
    """MinHash signature (datasketch) of the text's shingles, as uint64 values."""
    from datasketch import MinHash

    mh = MinHash(num_perm=num_perm, seed=1)
    sh = shingles(text, size)
    if sh:
        mh.update_batch(sh)
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
