"""Building real SQLite stores: bad inputs, incremental re-runs, duplicates, workers, offsets."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.app import Storyline
from storyline.cli import app
from storyline.export.annotations import export_annotations
from storyline.settings import Settings
from storyline.store.db import open_store
from storyline.store.reader import doc_ids, load_document

from .badfiles import make_bad_inputs
from .conftest import CORPUS

HTML_ARTICLE = """<html><head><title>Nga và Mỹ hội đàm</title>
<meta property="article:published_time" content="2025-02-19T09:00:00+07:00"></head>
<body><nav>Trang chủ | Thế giới</nav><article><h1>Nga và Mỹ hội đàm tại Riyadh</h1>
<p>Phái đoàn Nga và Mỹ đã có cuộc hội đàm kéo dài hơn 4 giờ tại thủ đô Riyadh của Ả Rập Saudi hôm thứ Ba.
Hai bên nhất trí khôi phục hoạt động bình thường của các đại sứ quán.</p>
<p>Ngoại trưởng Nga Sergey Lavrov đánh giá cuộc gặp là hữu ích. Ông cho biết hai bên đã lắng nghe
nhau và hiểu rõ hơn lập trường của mỗi bên trong nhiều vấn đề quốc tế quan trọng.</p>
<p>Ngoại trưởng Mỹ Marco Rubio nói đây mới là bước đầu tiên của một quá trình dài và khó khăn.</p>
</article><footer>Bản quyền thuộc về tòa soạn</footer></body></html>"""


def _build(folder: Path, db: Path, **kw):
    errors: list[str] = []
    rep = Storyline(Settings(db=str(db), **kw)).build([str(folder)], on_error=errors.append)
    return rep, errors


@pytest.fixture()
def mixed(tmp_path) -> tuple[Path, dict[str, str]]:
    """Six corpus articles, every bad input, a good HTML page and a JSONL file with broken lines."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for p in sorted(CORPUS.glob("*.txt"))[:6]:
        shutil.copy(p, folder / p.name)
    expected = make_bad_inputs(folder / "bad", huge_mb=21)
    (folder / "good.html").write_text(HTML_ARTICLE, encoding="utf-8")
    return folder, expected


def test_mixed_batch_stores_good_and_reports_each_bad_file(mixed, tmp_path):
    folder, expected = mixed
    rep, lines = _build(folder, tmp_path / "s.db")
    errors = [l for l in lines if l.startswith("error:")]
    for name, words in expected.items():
        hits = [l for l in errors if f"/{name}" in l]
        assert hits, f"no error line for {name}: {errors}"
        assert any(words in h for h in hits), hits
    jsonl_errors = [l for l in errors if "broken.jsonl:" in l]
    assert [l.split("broken.jsonl:")[1].split(":")[0] for l in jsonl_errors] == ["2", "3", "4"]
    assert len(errors) == len(expected) + 2
    assert rep.new == 6 + 1 + 2
    with open_store(str(tmp_path / "s.db"), readonly=True) as st:
        stored = set(doc_ids(st))
        assert {"jsonl-good-1", "jsonl-good-2", "good"} <= stored
        assert st.scalar("SELECT COUNT(*) FROM errors WHERE level = 'error'") == len(errors)
        doc, _ = load_document(st, "good")
        assert "Riyadh" in doc.text and "Bản quyền" not in doc.text
        assert doc.published.value == "2025-02-19" and doc.published.given


def test_second_run_does_no_work(mixed, tmp_path):
    folder, _ = mixed
    first, _ = _build(folder, tmp_path / "s.db")
    second, lines = _build(folder, tmp_path / "s.db")
    assert second.new == 0 and second.changed == 0
    assert second.unchanged == first.new
    assert second.known_errors == 3  # the broken JSONL lines, counted not re-read
    assert second.seconds < max(first.seconds * 0.5, 0.5)


def test_changed_file_is_replaced_not_duplicated(workdir):
    folder, db = workdir / "in", workdir / "s.db"
    _build(folder, db)
    target = sorted(folder.glob("*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\nMột câu được bổ sung sau khi bài đăng.\n",
                      encoding="utf-8")
    rep, _ = _build(folder, db)
    assert rep.changed == 1 and rep.new == 0
    with open_store(str(db), readonly=True) as st:
        assert st.scalar("SELECT COUNT(*) FROM documents WHERE id = ?", (target.stem,)) == 1
        doc, _ = load_document(st, target.stem)
        assert doc.text.endswith("bổ sung sau khi bài đăng.")


def test_linkers_go_one_at_a_time_over_a_batch_and_finish_before_a_delete(workdir, monkeypatch):
    """Each linker runs over all the batch's stored documents before the next linker (documents in order);
    documents stored before a changed one are linked before that one's old rows are deleted."""
    from storyline import build
    from storyline.resolve import linkers
    from storyline.store import writer

    calls: list[tuple[str, str]] = []

    def recorded(fn):
        def run(store, doc):
            calls.append((fn.__module__.rsplit(".", 1)[-1], doc.id))
            return fn(store, doc)
        return run

    real_linkers, real_delete = list(linkers()), writer.delete_document
    monkeypatch.setattr(build, "linkers", lambda: [recorded(fn) for fn in real_linkers])
    monkeypatch.setattr(writer, "delete_document",
                        lambda store, doc_id: (calls.append(("delete", doc_id)), real_delete(store, doc_id)))
    folder, db = workdir / "in", workdir / "s.db"
    files = sorted(folder.glob("*.txt"))
    ids = [p.stem for p in files]
    _build(folder, db)
    names = [fn.__module__.rsplit(".", 1)[-1] for fn in real_linkers]
    assert calls == [(name, i) for name in names for i in ids]  # linker by linker, documents in order

    calls.clear()
    (folder / ("0-" + files[0].name)).write_text(files[1].read_text(encoding="utf-8") + "\nMột câu khác.\n",
                                                 encoding="utf-8")  # a new document, read before the changed one
    files[2].write_text(files[2].read_text(encoding="utf-8") + "\nMột câu bổ sung.\n", encoding="utf-8")
    rep, _ = _build(folder, db)
    assert (rep.new, rep.changed) == (1, 1)
    new_id, changed = "0-" + ids[0], ids[2]
    assert calls == [*[(name, new_id) for name in names], ("delete", changed),
                     *[(name, changed) for name in names]]


def test_exact_and_near_duplicates_are_linked(workdir):
    folder, db = workdir / "in", workdir / "s.db"
    src = sorted(folder.glob("*.txt"))[0]
    text = src.read_text(encoding="utf-8")
    (folder / "zz-exact-copy.txt").write_text(text, encoding="utf-8")
    paras = text.split("\n")
    longest = max(range(len(paras)), key=lambda i: len(paras[i]))
    paras[longest] = paras[longest] + " Bài viết được đăng lại với sự cho phép."
    (folder / "zz-near-copy.txt").write_text("\n".join(paras) + "\nTheo một hãng thông tấn\n", encoding="utf-8")
    rep, _ = _build(folder, db)
    assert rep.exact_duplicates == 1 and rep.near_duplicates == 1
    with open_store(str(db), readonly=True) as st:
        rows = dict((r[0], r[1:]) for r in st.query(
            "SELECT id, duplicate_of, duplicate_kind FROM documents WHERE duplicate_of IS NOT NULL"))
    assert rows["zz-exact-copy"] == (src.stem, "exact")
    assert rows["zz-near-copy"] == (src.stem, "near")


def test_stored_offsets_point_at_their_text(corpus_db):
    with open_store(str(corpus_db), readonly=True) as st:
        ids = list(doc_ids(st))
        assert len(ids) >= 20
        for doc_id in ids:
            doc, _ = load_document(st, doc_id)
            assert doc.check_offsets() == []
            for layer in ("blocks", "sentences"):
                for s in doc.layer(layer):
                    piece = doc.text[s.start:s.end]
                    assert piece and piece == piece.strip()
            for t in doc.teasers:
                assert t not in doc.text


def test_workers_give_the_same_export(workdir, tmp_path):
    folder = workdir / "in"
    _build(folder, tmp_path / "one.db", workers=1)
    _build(folder, tmp_path / "two.db", workers=2, batch_size=2)
    outs = []
    for name in ("one", "two"):
        out = tmp_path / f"out-{name}"
        with open_store(str(tmp_path / f"{name}.db"), readonly=True) as st:
            export_annotations(st, out)
        outs.append({p.name: json.loads(p.read_text())["published"] for p in sorted(out.glob("*.json"))})
    assert outs[0] == outs[1] and len(outs[0]) == 6


def test_cli_strict_exit_code_and_summary(mixed, tmp_path):
    folder, _ = mixed
    runner = CliRunner()
    res = runner.invoke(app, ["build", str(folder), "--db", str(tmp_path / "c.db"), "--strict", "--quiet"])
    assert res.exit_code == 1
    assert "new documents" in res.output
    res2 = runner.invoke(app, ["build", str(CORPUS), "--db", str(tmp_path / "d.db"), "--strict", "--quiet"])
    assert res2.exit_code == 0, res2.output


def test_missing_path_and_unsupported_file(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    rep, lines = _build(tmp_path / "nope", tmp_path / "s.db")
    assert any("no such file" in l for l in lines)
    rep2 = Storyline(Settings(db=str(tmp_path / "s.db"))).build([str(tmp_path / "notes.pdf")])
    assert any("unsupported file type" in e for e in rep2.errors)


def test_same_id_from_another_file_is_refused(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "x.txt").write_text("Bài thứ nhất về cuộc hội đàm tại Riyadh giữa hai phái đoàn.", encoding="utf-8")
    (b / "x.txt").write_text("Một bài hoàn toàn khác về giá vàng trong nước hôm nay.", encoding="utf-8")
    rep, lines = _build(tmp_path, tmp_path / "s.db")
    assert rep.new == 1 and any("already used by" in l for l in lines)


def test_same_id_twice_in_one_jsonl_batch(tmp_path):
    lines = [json.dumps({"id": "dup", "text": f"Bài số {i} về cuộc hội đàm tại Riyadh giữa hai phái đoàn Nga và Mỹ."},
                        ensure_ascii=False) for i in range(2)]
    (tmp_path / "x.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for workers in (1, 2):
        rep, lines_out = _build(tmp_path, tmp_path / f"s{workers}.db", workers=workers, batch_size=1)
        assert rep.new == 1 and any("already used by" in l for l in lines_out), lines_out


def test_a_first_build_asks_the_os_ahead_for_the_files_it_reads(tmp_path, monkeypatch):
    """read_soon hints every file a first build reads before reading it (READ_AHEAD files early); a
    re-run of unchanged files hints none, and a hint that fails changes nothing."""
    from storyline import build as buildmod
    from storyline.ingest import readers

    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(CORPUS.glob("*.txt"))[:6]:
        shutil.copy(p, folder / p.name)
    events: list[tuple[str, str]] = []
    monkeypatch.setattr(buildmod, "READ_AHEAD", 2)
    monkeypatch.setattr(buildmod, "read_soon", lambda src, settings: events.append(("hint", src.path)))
    real_read = readers.read_source
    monkeypatch.setattr(buildmod, "read_source",
                        lambda src, settings: (events.append(("read", src.path)), real_read(src, settings))[1])
    rep, errors = _build(folder, tmp_path / "s.db")
    assert rep.new == 6 and not errors
    reads = [p for kind, p in events if kind == "read"]
    hints = [p for kind, p in events if kind == "hint"]
    assert len(reads) == 6 and sorted(hints) == sorted(reads)
    for n, path in enumerate(reads):  # each file asked for two files before it is read
        assert events.index(("hint", path)) < events.index(("read", path))
        if n >= 2:
            assert events.index(("hint", path)) < events.index(("read", reads[n - 1]))
    events.clear()
    rep, _ = _build(folder, tmp_path / "s.db")
    assert rep.unchanged == 6 and events == []


def test_read_soon_ignores_what_it_cannot_open(tmp_path):
    from storyline.ingest.readers import SourceFile, read_soon

    read_soon(SourceFile(str(tmp_path / "gone.txt"), 10, 0, "txt"), Settings())  # no error
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    read_soon(SourceFile(str(f), 1, 0, "txt"), Settings())
