"""Speed-ups that must not change answers: the first-character regex gate, the LSH band filter and the
MinHash signature computed without datasketch's list round trip."""
from __future__ import annotations

import random
import re
import sqlite3

import numpy as np
import pytest

from storyline.analyze.regex_first import first_class, gated
from storyline.analyze.time_rules import load_time, lower_same_length
from storyline.ingest.dedup import band_keys, shingle_hashes, signature, similarity
from storyline.store import writer
from storyline.store.db import Store
from storyline.store.schema import ddl


@pytest.mark.parametrize("pattern, expected", [
    (r"(?:(?P<a>x)\s+)?\d+", r"[\U00000078\d]"),  # optional prefix: its first chars or the digits
    (r"(?:ab|(?=c)cd|\d)e", r"[\U00000061\U00000063\d]"),  # a lookahead is transparent
    (r"(?:a|b)?", None),  # can match the empty string
    (r"(?i)(?:a|\d)x", None),  # case folding
    (r"abc", None),  # the engine skips by its literal prefix itself
    (r"[^a]b", None),  # negated classes are not handled
])
def test_first_class(pattern, expected):
    assert first_class(pattern) == expected


def test_gate_keeps_every_match_of_the_time_rules():
    rng = random.Random(3)
    pieces = ["ngày 12/3/2024", "hôm 5-6", "tháng 7 năm 2023", "3 năm trước", "năm 1999", "hơn hai tuần",
              "cuối tháng 4", "2,5 giờ", "12/2024", "x1/2", "quý 3", "sáng nay", "ab12", "số 7", "ngày mai"]
    texts = [" ".join(rng.choice(pieces) for _ in range(40)) for _ in range(30)]
    gated_any = False
    for rule in load_time("vi").rules:
        plain = re.compile(rule.regex.pattern.removeprefix(f"(?={first_class(rule.regex.pattern)})"))
        gated_any = gated_any or plain.pattern != rule.regex.pattern
        for text in texts:
            low = lower_same_length(text)
            assert [(m.span(), m.groupdict()) for m in plain.finditer(low)] == \
                   [(m.span(), m.groupdict()) for m in rule.regex.finditer(low)], rule.name
    assert gated_any
    assert gated(r"(?:x|\d)+y").pattern.startswith("(?=")


def _store() -> Store:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    for stmt in ddl("sqlite"):
        conn.execute(stmt)
    return Store(conn, "sqlite", ":memory:")


def _brute(store: Store, doc_id: str, sig: np.ndarray, bands: list[int], threshold: float):
    """Every stored document sharing any band, compared (the filter-free definition)."""
    marks = ",".join("?" * len(bands))
    rows = store.query(f"SELECT DISTINCT m.doc_id, m.sig FROM lsh_bands b JOIN minhashes m ON m.doc_id = "
                       f"b.doc_id WHERE b.band_key IN ({marks}) AND b.doc_id <> ?", (*bands, doc_id))
    best = None
    for other, blob in rows:
        sim = similarity(sig, np.frombuffer(blob, dtype="<u8"))
        if sim >= threshold and (best is None or sim > best[1] or (sim == best[1] and other < best[0])):
            best = (other, sim)
    return None if best is None else (writer.root_of(store, best[0]), best[1])


def test_band_filter_finds_what_comparing_every_candidate_finds():
    rng = np.random.default_rng(5)
    store = _store()
    base = rng.integers(0, 2**32, size=(20, 64), dtype=np.uint64)
    sigs = {}
    for i in range(300):  # variants of 20 texts, from nearly equal to barely related
        sig = base[i % 20].copy()
        k = int(rng.integers(0, 40))
        sig[rng.choice(64, size=k, replace=False)] = rng.integers(0, 2**32, size=k, dtype=np.uint64)
        sigs[f"d{i:03d}"] = sig
    for doc_id, sig in sigs.items():
        store.execute("INSERT INTO minhashes (doc_id, sig) VALUES (?, ?)", (doc_id, sig.astype("<u8").tobytes()))
        store.executemany("INSERT INTO lsh_bands (band_key, doc_id) VALUES (?, ?)",
                          [(k, doc_id) for k in band_keys(sig, 16)])
    found = 0
    for threshold in (0.5, 0.75, 0.8, 0.9, 1.0):
        for doc_id, sig in list(sigs.items())[:120]:
            bands = band_keys(sig, 16)
            want = _brute(store, doc_id, sig, bands, threshold)
            assert writer.near_duplicate(store, doc_id, sig, bands, threshold) == want
            found += want is not None
    assert found > 100
    assert writer.min_shared_bands(64, 16, 0.8) == 4
    assert writer.min_shared_bands(64, 16, 0.0) == 1
    assert writer.min_shared_bands(64, 16, 0.75) == 1  # 48 of 64 equal: 16 may differ, one per band


@pytest.mark.parametrize("num_perm, size", [(64, 3), (128, 5)])
def test_signature_is_what_datasketch_update_batch_gives(num_perm, size):
    from datasketch import MinHash

    rng = random.Random(5)
    vocab = ["tin", "mới", "Nga", "Mỹ", "đàm", "phán", "ngày", "15/8", "Alaska", "hội", "nghị", "thượng", "đỉnh"]
    texts = ["", "một", "a b"] + [" ".join(rng.choice(vocab) for _ in range(rng.randint(3, 300))) for _ in range(40)]
    for text in texts:
        sig, n_tokens = signature(text, num_perm, size)
        mh = MinHash(num_perm=num_perm, seed=1, hashfunc=int)
        hashes, _ = shingle_hashes(text, size)
        if len(hashes):
            mh.update_batch(hashes.tolist())
        assert sig.dtype == np.uint64 and n_tokens == len(text.split())
        assert sig.tolist() == mh.hashvalues.astype(np.uint64).tolist()
