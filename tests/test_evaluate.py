"""Tests for the scorer: hand-built gold/pred pairs whose expected figures are worked out by hand."""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table

from storyline.evaluate import evaluate_dirs, evaluate_documents, render_report
from storyline.evaluate.entities import match_entities
from storyline.evaluate.events import match_events
from storyline.evaluate.metrics import prf, ratio
from storyline.evaluate.quotes import match_quotes
from storyline.evaluate.timexes import match_timexes

Doc = dict[str, Any]


# ---------------------------------------------------------------- builders


def ent(eid: str, name: str, etype: str = "PER", aliases: list[str] | None = None) -> Doc:
    return {"id": eid, "name": name, "type": etype, "aliases": aliases or [name], "roles": []}


def tmx(text: str, value: str | None, start: int | None = None, ttype: str = "DATE") -> Doc:
    item: Doc = {"text": text, "type": ttype, "value": value}
    if start is not None:
        item["start"], item["end"] = start, start + len(text)
    return item


def evt(eid: str, etype: str, date: str | None, mode: str = "meeting",
        location: str | None = None, participants: list[str] | None = None) -> Doc:
    return {"id": eid, "type": etype, "mode": mode, "date": date, "location": location,
            "actors": [], "participants": participants or [], "key": f"{date} {location} {mode}",
            "evidence": ""}


def quo(text: str, speaker: str | None) -> Doc:
    return {"text": text, "speaker": speaker, "cue": "nói", "start_words": " ".join(text.split()[:5])}


def doc(doc_id: str, published: str | None = "2025-02-19", given: bool = True, **fields: list[Doc]) -> Doc:
    base: Doc = {"id": doc_id, "published": {"value": published, "given": given, "why": None},
                 "entities": [], "timexes": [], "events": [], "quotes": []}
    base.update(fields)
    return base


def rich_doc(doc_id: str = "art-001") -> Doc:
    """A document with every field filled, used as a perfect prediction of itself."""
    return doc(
        doc_id,
        entities=[
            ent("sergey-lavrov", "Sergey Lavrov", aliases=["Sergey Lavrov", "Lavrov"]),
            ent("russia", "Russia", "LOC", aliases=["Nga"]),
            ent("riyadh", "Riyadh", "LOC"),
        ],
        timexes=[tmx("18/2", "2025-02-18", 20), tmx("hôm qua", "2025-02-18", 60),
                 tmx("4,5 giờ", "PT4.5H", 90, "DURATION")],
        events=[evt("ev-2025-02-18-riyadh-talks", "CONSULT", "2025-02-18", location="Riyadh")],
        quotes=[quo("Cuộc gặp rất hữu ích", "Sergey Lavrov")],
    )


def score(gold: list[Doc], pred: list[Doc]) -> Doc:
    return evaluate_documents({d["id"]: d for d in gold}, {d["id"]: d for d in pred})


# ---------------------------------------------------------------- metrics


@pytest.mark.parametrize(
    ("matched", "n_gold", "n_pred", "expected"),
    [
        (0, 0, 0, (1.0, 1.0, 1.0)),      # both empty: nothing to find, nothing wrong
        (0, 0, 3, (0.0, 0.0, 0.0)),      # predictions without gold
        (0, 2, 0, (0.0, 0.0, 0.0)),      # gold without predictions
        (2, 2, 3, (2 / 3, 1.0, 0.8)),    # one extra prediction
        (2, 4, 2, (1.0, 0.5, 2 / 3)),
        (0, 2, 2, (0.0, 0.0, 0.0)),      # nothing matched, F1 without 0/0
        (3, 3, 3, (1.0, 1.0, 1.0)),
    ],
)
def test_prf_table(matched: int, n_gold: int, n_pred: int, expected: tuple[float, float, float]) -> None:
    got = prf(matched, n_gold, n_pred)
    assert (got["precision"], got["recall"], got["f1"]) == pytest.approx(expected)


@pytest.mark.parametrize(("num", "den", "expected"), [(1, 2, 0.5), (0, 3, 0.0), (0, 0, None)])
def test_ratio_never_divides_by_zero(num: int, den: int, expected: float | None) -> None:
    assert ratio(num, den) == expected


# ---------------------------------------------------------------- whole reports


def test_perfect_prediction_scores_one_everywhere() -> None:
    gold = [rich_doc("art-001"), rich_doc("art-002")]
    report = score(gold, copy.deepcopy(gold))
    assert report["documents"] == 2 and report["missing"] == []
    for field in ("entities", "timexes", "events", "quotes"):
        section = report[field]
        assert (section["precision"], section["recall"], section["f1"]) == (1.0, 1.0, 1.0), field
    assert report["timexes"]["strict"]["f1"] == 1.0
    figures = [
        report["published"]["accuracy"], report["published"]["given_accuracy"],
        report["entities"]["type_accuracy"], report["entities"]["alias_merge_accuracy"],
        report["entities"]["cross_doc_id_consistency"], report["timexes"]["value_accuracy"],
        report["timexes"]["type_accuracy"], report["events"]["mode_accuracy"],
        report["events"]["day_dated_recall"], report["events"]["cross_doc_id_consistency"],
        report["quotes"]["speaker_accuracy"],
    ]
    assert figures == [1.0] * len(figures)
    assert report["entities"]["cross_doc_pairs"] == 3   # three entities, each in two docs
    assert report["published"]["inferred_accuracy"] is None  # no inferred gold dates
    json.dumps(report)


def test_report_keys() -> None:
    report = score([rich_doc()], [rich_doc()])
    assert set(report) == {"documents", "published", "entities", "timexes", "events", "quotes",
                           "missing", "per_document"}
    assert report["per_document"]["art-001"]["entities"] == {"gold": 3, "pred": 3, "matched": 3}
    assert report["per_document"]["art-001"]["timexes"]["value_ok"] == 3
    assert report["per_document"]["art-001"]["published"]["correct"] is True


def test_extra_entity_lowers_precision_only() -> None:
    gold = rich_doc()
    pred = copy.deepcopy(gold)
    pred["entities"].append(ent("moscow", "Moscow", "LOC", aliases=["Moskva"]))
    section = score([gold], [pred])["entities"]
    assert (section["gold"], section["pred"], section["matched"]) == (3, 4, 3)
    assert section["precision"] == pytest.approx(0.75)
    assert section["recall"] == 1.0
    assert section["f1"] == pytest.approx(2 * 0.75 / 1.75)


def test_wrong_timex_value_keeps_lenient_f1() -> None:
    gold = rich_doc()
    pred = copy.deepcopy(gold)
    pred["timexes"][1]["value"] = "2025-02-17"
    section = score([gold], [pred])["timexes"]
    assert (section["precision"], section["recall"], section["f1"]) == (1.0, 1.0, 1.0)
    assert section["value_accuracy"] == pytest.approx(2 / 3)
    strict = section["strict"]
    assert strict["matched"] == 2
    assert (strict["precision"], strict["recall"], strict["f1"]) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert section["type_accuracy"] == 1.0


def test_missing_prediction_counts_as_empty() -> None:
    gold = [rich_doc("art-001"), rich_doc("art-002")]
    report = score(gold, [copy.deepcopy(gold[0])])
    assert report["missing"] == ["art-002"]
    assert report["documents"] == 2
    entities = report["entities"]
    assert (entities["gold"], entities["pred"], entities["matched"]) == (6, 3, 3)
    assert (entities["precision"], entities["recall"]) == (1.0, 0.5)
    assert report["published"]["accuracy"] == 0.5
    assert report["entities"]["cross_doc_pairs"] == 0  # art-002 matched nothing
    assert report["per_document"]["art-002"]["quotes"] == {"gold": 1, "pred": 0, "matched": 0}


@pytest.mark.parametrize(
    ("gold_items", "pred_items", "expected"),
    [
        ([], [], (1.0, 1.0, 1.0)),
        ([], [quo("Một câu nói", "Donald Trump")], (0.0, 0.0, 0.0)),
        ([quo("Một câu nói", "Donald Trump")], [], (0.0, 0.0, 0.0)),
    ],
    ids=["both-empty", "pred-only", "gold-only"],
)
def test_empty_lists(gold_items: list[Doc], pred_items: list[Doc], expected: tuple[float, ...]) -> None:
    section = score([doc("a", quotes=gold_items)], [doc("a", quotes=pred_items)])["quotes"]
    assert (section["precision"], section["recall"], section["f1"]) == expected
    assert section["speaker_accuracy"] is None


def test_empty_corpus() -> None:
    report = evaluate_documents({}, {})
    assert report["documents"] == 0 and report["missing"] == []
    assert report["entities"]["f1"] == 1.0
    assert report["published"]["accuracy"] is None
    assert report["events"]["cross_doc_id_consistency"] is None


def test_prediction_without_gold_is_ignored() -> None:
    report = score([rich_doc("art-001")], [rich_doc("art-001"), rich_doc("art-999")])
    assert report["documents"] == 1 and report["entities"]["precision"] == 1.0


def test_malformed_prediction_scores_low_without_crashing() -> None:
    pred = {"id": "art-001", "published": "2025", "entities": None, "timexes": [1, "x"],
            "events": {"bad": True}}
    report = evaluate_documents({"art-001": rich_doc()}, {"art-001": pred})
    assert report["entities"]["pred"] == 0 and report["timexes"]["pred"] == 0
    assert report["published"]["accuracy"] == 0.0
    assert report["missing"] == []


# ---------------------------------------------------------------- published


def test_published_given_and_inferred() -> None:
    gold = [
        doc("a", "2025-02-19", True), doc("b", "2025-02-19", True),
        doc("c", "2025-02", False), doc("d", "2025", False), doc("e", None, False),
    ]
    pred = [
        doc("a", "2025-02-19", True), doc("b", "2025-02-18", True),
        doc("c", "2025-02", False), doc("d", "2024", False), doc("e", "2025", False),
    ]
    section = score(gold, pred)["published"]
    assert (section["n"], section["correct"]) == (4, 2)   # "e" has a null gold value: not scored
    assert section["accuracy"] == 0.5
    assert (section["given_n"], section["given_accuracy"]) == (2, 0.5)
    assert (section["inferred_n"], section["inferred_accuracy"]) == (2, 0.5)


def test_published_granularity_must_match_exactly() -> None:
    section = score([doc("a", "2025-02", False)], [doc("a", "2025-02-18", False)])["published"]
    assert section["accuracy"] == 0.0


# ---------------------------------------------------------------- entities


NFD_LAVROV = unicodedata.normalize("NFD", "Ngoại trưởng Lavrov")


@pytest.mark.parametrize(
    ("gold", "pred", "pairs"),
    [
        ([ent("a", "Sergey Lavrov")], [ent("x", "Sergei Lavrov", aliases=["Lavrov"])], []),
        ([ent("a", "Sergey Lavrov", aliases=["Lavrov"])], [ent("x", "Sergei Lavrov", aliases=["lavrov "])],
         [(0, 0)]),
        ([ent("a", "Lavrov", aliases=["Ngoại trưởng  Lavrov"])], [ent("x", "Z", aliases=[NFD_LAVROV])],
         [(0, 0)]),
        ([ent("us", "United States", "LOC", ["Mỹ"])], [ent("x", "United States", "LOC", ["Hoa Kỳ"])],
         [(0, 0)]),  # the name counts as an alias
        ([ent("us", "United States", "LOC", ["Mỹ", "Hoa Kỳ"])],
         [ent("p", "Mỹ", "LOC", ["Mỹ"]), ent("q", "US", "LOC", ["Mỹ", "Hoa Kỳ"])],
         [(0, 1)]),  # largest overlap wins
        ([ent("a", "Moscow", "LOC", ["Moskva"]), ent("b", "Moscow Oblast", "LOC", ["Moskva", "Moscow Oblast"])],
         [ent("x", "Moscow Oblast", "LOC", ["Moskva", "Moscow Oblast"])],
         [(1, 0)]),  # one-to-one: the single pred goes to the larger overlap only
    ],
    ids=["no-shared-form", "casefold-and-space", "nfd-and-whitespace", "name-is-alias",
         "largest-overlap", "one-to-one"],
)
def test_entity_matching(gold: list[Doc], pred: list[Doc], pairs: list[tuple[int, int]]) -> None:
    assert match_entities(gold, pred) == pairs


def test_entity_type_and_alias_merge_accuracy() -> None:
    gold = doc("a", entities=[
        ent("russia", "Russia", "LOC", ["Nga", "Liên bang Nga"]),
        ent("kremlin", "Kremlin", "ORG", ["Điện Kremlin"]),
        ent("donald-trump", "Donald Trump", "PER", ["Donald Trump", "Trump"]),
        ent("riyadh", "Riyadh", "LOC", ["Riyadh"]),
    ])
    pred = doc("a", entities=[
        ent("russia", "Russia", "LOC", ["Nga"]),                     # same type, aliases split
        ent("kremlin", "Kremlin", "LOC", ["Điện Kremlin"]),          # wrong type, same aliases
        ent("donald-trump", "Donald Trump", "PER", ["Trump", "Donald Trump"]),
        ent("riyadh", "Riyadh", "LOC", ["riyadh"]),
    ])
    section = score([gold], [pred])["entities"]
    assert section["matched"] == 4
    assert section["type_accuracy"] == 0.75
    assert section["alias_merge_accuracy"] == 0.75


@pytest.mark.parametrize(
    ("pred_ids", "pairs", "consistency", "inconsistent"),
    [
        (["lavrov", "lavrov", "lavrov"], 3, 1.0, []),
        (["lavrov", "lavrov", "sergei-lavrov"], 3, 1 / 3, ["sergey-lavrov"]),
        (["a", "b", "c"], 3, 0.0, ["sergey-lavrov"]),
        (["lavrov", None, "lavrov"], 3, 1 / 3, ["sergey-lavrov"]),  # a missing id is never consistent
    ],
)
def test_entity_cross_doc_consistency(pred_ids: list[str | None], pairs: int, consistency: float,
                                      inconsistent: list[str]) -> None:
    gold, pred = [], []
    for index, pred_id in enumerate(pred_ids):
        doc_id = f"art-{index:03d}"
        gold.append(doc(doc_id, entities=[ent("sergey-lavrov", "Sergey Lavrov", aliases=["Lavrov"])]))
        pred.append(doc(doc_id, entities=[{**ent("x", "Sergei Lavrov", aliases=["Lavrov"]), "id": pred_id}]))
    section = score(gold, pred)["entities"]
    assert section["cross_doc_pairs"] == pairs
    assert section["cross_doc_id_consistency"] == pytest.approx(consistency)
    assert section["cross_doc_inconsistent"] == inconsistent


def test_cross_doc_consistency_mixes_entities() -> None:
    gold, pred = [], []
    for index, lavrov_id in enumerate(["lavrov", "lavrov", "sergei-lavrov"]):
        doc_id = f"art-{index:03d}"
        gold.append(doc(doc_id, entities=[ent("sergey-lavrov", "Sergey Lavrov", aliases=["Lavrov"]),
                                          ent("russia", "Russia", "LOC", ["Nga"])]))
        pred.append(doc(doc_id, entities=[ent(lavrov_id, "Sergey Lavrov", aliases=["Lavrov"]),
                                          ent("russia", "Russia", "LOC", ["Nga"])]))
    section = score(gold, pred)["entities"]
    assert section["cross_doc_pairs"] == 6       # 3 pairs per entity
    assert section["cross_doc_consistent"] == 4  # 3 for Russia + 1 for Lavrov
    assert section["cross_doc_id_consistency"] == pytest.approx(4 / 6)


def test_unmatched_mentions_form_no_cross_doc_pairs() -> None:
    gold = [doc("a", entities=[ent("russia", "Russia", "LOC", ["Nga"])]),
            doc("b", entities=[ent("russia", "Russia", "LOC", ["Nga"])])]
    pred = [doc("a", entities=[ent("russia", "Russia", "LOC", ["Nga"])]),
            doc("b", entities=[ent("ukraine", "Ukraine", "LOC", ["Ukraine"])])]
    section = score(gold, pred)["entities"]
    assert section["cross_doc_pairs"] == 0 and section["cross_doc_id_consistency"] is None


# ---------------------------------------------------------------- timexes


@pytest.mark.parametrize(
    ("gold", "pred", "pairs"),
    [
        ([tmx("tháng 8/2025", "2025-08", 0)], [tmx("8/2025", "2025-08", 6)], [(0, 0)]),
        ([tmx("18/2", "2025-02-18", 10)], [tmx("18/2", "2025-02-18", 40)], []),  # same text, other place
        ([tmx("Chiều 11/3", "2025-03-11", 0)], [tmx("11/3", "2025-03-11", 6)], [(0, 0)]),
        ([tmx("ngày 2/3", "2025-03-02", 5)], [tmx("2/3", "2025-03-02")], [(0, 0)]),  # text fallback
        ([tmx("2/3", "2025-03-02")], [tmx("3/2", "2025-02-03")], []),
        ([tmx("18/2", "A", 10), tmx("18/2", "B", 50)], [tmx("18/2", "A"), tmx("18/2", "B")],
         [(0, 0), (1, 1)]),  # n-th occurrence pairs with n-th occurrence
        ([tmx("hôm qua", "A", 10), tmx("18/2", "B", 30)], [tmx("18/2", "B", 31), tmx("hôm qua", "A", 11)],
         [(0, 1), (1, 0)]),  # list order does not matter with spans
        ([tmx("năm", "2025", 0), tmx("năm ngoái", "2024", 50)], [tmx("NĂM NGOÁI", "2024")],
         [(1, 0)]),  # both contain each other's text: the identical (casefolded) text wins
    ],
    ids=["overlap", "no-overlap", "part-of-day", "containment-fallback", "different-text",
         "nearest-occurrence", "span-order", "identical-text"],
)
def test_timex_matching(gold: list[Doc], pred: list[Doc], pairs: list[tuple[int, int]]) -> None:
    assert match_timexes(gold, pred) == pairs


def test_timex_type_accuracy_and_extra_prediction() -> None:
    gold = doc("a", timexes=[tmx("2 tuần", "P2W", 0, "DURATION"), tmx("hằng năm", "P1Y", 20, "SET")])
    pred = doc("a", timexes=[tmx("2 tuần", "P2W", 0, "DATE"), tmx("hằng năm", "P1Y", 20, "SET"),
                             tmx("thứ hai", "2025-02-17", 40)])
    section = score([gold], [pred])["timexes"]
    assert section["precision"] == pytest.approx(2 / 3) and section["recall"] == 1.0
    assert section["type_accuracy"] == 0.5
    assert section["value_accuracy"] == 1.0
    assert section["strict"]["precision"] == pytest.approx(2 / 3)


# ---------------------------------------------------------------- events


@pytest.mark.parametrize(
    ("gold", "pred", "pairs"),
    [
        ([evt("g", "CONSULT", "2025-02-18")], [evt("p", "CONSULT", "2025-02-18", "phone")], [(0, 0)]),
        ([evt("g", "CONSULT", "2025-02-18")], [evt("p", "AGREE", "2025-02-18")], []),
        ([evt("g", "CONSULT", "2025-02-18")], [evt("p", "CONSULT", "2025-02")], []),
        ([evt("g", "STATEMENT", None)], [evt("p", "STATEMENT", None)], [(0, 0)]),
        ([evt("g", "STATEMENT", None)], [evt("p", "STATEMENT", "2025")], []),
        ([evt("g", "consult", "2025-02-18")], [evt("p", "CONSULT", "2025-02-18")], [(0, 0)]),
        ([evt("g1", "CONSULT", "2025-04-10", location="Istanbul"),
          evt("g2", "CONSULT", "2025-04-10", location="Abu Dhabi")],
         [evt("p1", "CONSULT", "2025-04-10", location="Abu Dhabi"),
          evt("p2", "CONSULT", "2025-04-10", location="Istanbul")],
         [(0, 1), (1, 0)]),  # same date and type: location decides
        ([evt("g1", "CONSULT", "2025-04-10", participants=["Sonata Coulter"]),
          evt("g2", "CONSULT", "2025-04-10", participants=["Steve Witkoff"])],
         [evt("p1", "CONSULT", "2025-04-10", participants=["Steve Witkoff", "Vladimir Putin"])],
         [(1, 0)]),  # then shared participants
        ([evt("g1", "AGREE", "2025-02-27", "agreement", location="Istanbul"),
          evt("g2", "AGREE", "2025-02-27", "plan", location="Istanbul")],
         [evt("p1", "AGREE", "2025-02-27", "plan", location="Istanbul"),
          evt("p2", "AGREE", "2025-02-27", "agreement")],
         [(0, 1), (1, 0)]),  # the same mode before the same place: the plan is the gold plan
    ],
    ids=["same-date-type", "other-type", "other-granularity", "null-null", "null-vs-year",
         "type-case", "location-tiebreak", "participant-tiebreak", "mode-tiebreak"],
)
def test_event_matching(gold: list[Doc], pred: list[Doc], pairs: list[tuple[int, int]]) -> None:
    assert match_events(gold, pred) == pairs


def test_event_mode_and_day_dated_recall() -> None:
    gold = doc("a", events=[
        evt("ev-2025-02-18-riyadh-talks", "CONSULT", "2025-02-18", "meeting"),
        evt("ev-2025-02-12-trump-putin-call", "CONSULT", "2025-02-12", "phone"),
        evt("ev-2025-03-plan", "AGREE", "2025-03", "plan"),
        evt("ev-statement", "STATEMENT", None, "statement"),
    ])
    pred = doc("a", events=[
        evt("x1", "CONSULT", "2025-02-18", "talks"),
        evt("x2", "CONSULT", "2025-02-13", "phone"),   # wrong day: unmatched
        evt("x3", "AGREE", "2025-03", "plan"),
        evt("x4", "STATEMENT", None, "statement"),
    ])
    section = score([gold], [pred])["events"]
    assert (section["matched"], section["precision"], section["recall"]) == (3, 0.75, 0.75)
    assert section["mode_accuracy"] == pytest.approx(2 / 3)
    assert (section["day_dated_gold"], section["day_dated_matched"]) == (2, 1)
    assert section["day_dated_recall"] == 0.5


def test_event_actors_and_location_are_scored_on_matched_events() -> None:
    g1 = evt("ev-1", "CONSULT", "2025-02-18", "meeting", "Riyadh")
    g1["actors"] = ["Russia", "United States"]
    g2 = evt("ev-2", "AGREE", "2025-02-18", "agreement")
    g2["actors"] = ["Russia", "United States"]
    p1 = evt("x1", "CONSULT", "2025-02-18", "meeting", "Riyadh")
    p1["actors"] = ["russia", "United States", "Saudi Arabia"]   # a host state wrongly a party
    p2 = evt("x2", "AGREE", "2025-02-18", "agreement", "Riyadh")
    p2["actors"] = ["Russia"]
    section = score([doc("a", events=[g1, g2])], [doc("a", events=[p1, p2])])["events"]
    # 3 of the 4 gold states found, 3 of the 4 predicted right (names compared case-folded)
    assert section["actors_f1"] == pytest.approx(0.75)
    assert section["location_accuracy"] == 0.5


def test_event_cross_doc_inconsistency_detected() -> None:
    gold_event = evt("ev-2025-08-15-alaska-summit", "CONSULT", "2025-08-15", "summit", "Anchorage")
    gold = [doc(f"art-{i}", events=[copy.deepcopy(gold_event)]) for i in range(3)]
    pred_ids = ["ev-2025-08-15-alaska-summit", "ev-2025-08-15-alaska-summit", "ev-2025-08-15-anchorage"]
    pred = [doc(f"art-{i}", events=[{**gold_event, "id": pid}]) for i, pid in enumerate(pred_ids)]
    section = score(gold, pred)["events"]
    assert section["f1"] == 1.0
    assert section["cross_doc_pairs"] == 3
    assert section["cross_doc_id_consistency"] == pytest.approx(1 / 3)
    assert section["cross_doc_inconsistent"] == ["ev-2025-08-15-alaska-summit"]


# ---------------------------------------------------------------- quotes


@pytest.mark.parametrize(
    ("gold_text", "pred_text", "matches"),
    [
        ("Chúng tôi đã có những bước tiến cụ thể", "Chúng tôi đã có những bước tiến cụ thể", True),
        ("Chúng tôi đã có những bước tiến cụ thể", "bước tiến cụ thể", True),          # containment
        ("bước tiến", "Chúng tôi đã có những bước tiến cụ thể", True),                # containment
        ("a b c d", "a b c x", True),                                                # Jaccard 3/5
        ("a b c d", "a b x y", False),                                               # Jaccard 2/6
        ("Hòa bình", "hòa  bình!", True),                                             # case, punctuation
        ("tiến", "tiếng nói", False),                                                 # whole tokens only
        ("", "", False),
    ],
)
def test_quote_matching(gold_text: str, pred_text: str, matches: bool) -> None:
    pairs = match_quotes([quo(gold_text, None)], [quo(pred_text, None)])
    assert pairs == ([(0, 0)] if matches else [])


def test_quote_speaker_accuracy() -> None:
    gold = doc("a", quotes=[
        quo("Cuộc gặp rất hữu ích", "Sergey Lavrov"),
        quo("Chúng tôi sẵn sàng đối thoại", "Dmitry Peskov"),
        quo("Đây là một bước tiến", "Marco Rubio"),
    ])
    pred = doc("a", quotes=[
        quo("Cuộc gặp rất hữu ích", "sergey  lavrov"),
        quo("Chúng tôi sẵn sàng đối thoại", "Vladimir Putin"),
        quo("Đây là một bước tiến", unicodedata.normalize("NFD", "Marco Rubio")),
    ])
    section = score([gold], [pred])["quotes"]
    assert section["f1"] == 1.0
    assert section["speaker_accuracy"] == pytest.approx(2 / 3)


def test_best_quote_match_wins() -> None:
    gold = [quo("một hai ba bốn", None), quo("một hai ba bốn năm sáu", None)]
    pred = [quo("một hai ba bốn năm sáu", None)]
    assert match_quotes(gold, pred) == [(1, 0)]


# ---------------------------------------------------------------- directories and rendering


def _write(directory: Path, document: Doc) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{document['id']}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def test_evaluate_dirs(tmp_path: Path) -> None:
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    for doc_id in ("art-001", "art-002", "art-003"):
        _write(gold_dir, rich_doc(doc_id))
    _write(pred_dir, rich_doc("art-001"))
    (pred_dir / "art-003.json").write_text("{not json", encoding="utf-8")
    _write(pred_dir, rich_doc("art-404"))         # no gold: ignored
    (gold_dir / "notes.txt").write_text("ignored", encoding="utf-8")
    report = evaluate_dirs(gold_dir, pred_dir)
    assert report["documents"] == 3
    assert report["missing"] == ["art-002", "art-003"]
    assert report["unreadable"] == ["art-003"]
    assert report["entities"]["recall"] == pytest.approx(1 / 3)
    assert report["entities"]["precision"] == 1.0
    assert sorted(report["per_document"]) == ["art-001", "art-002", "art-003"]
    json.dumps(report)


def test_evaluate_dirs_perfect(tmp_path: Path) -> None:
    for directory in (tmp_path / "gold", tmp_path / "pred"):
        for doc_id in ("art-001", "art-002"):
            _write(directory, rich_doc(doc_id))
    report = evaluate_dirs(tmp_path / "gold", tmp_path / "pred")
    assert report["missing"] == [] and report["unreadable"] == []
    assert report["events"]["f1"] == 1.0 and report["timexes"]["strict"]["f1"] == 1.0


def test_evaluate_dirs_bad_gold_raises(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    (tmp_path / "gold" / "art-001.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ValueError, match="art-001"):
        evaluate_dirs(tmp_path / "gold", tmp_path / "pred")


def test_evaluate_dirs_missing_directory(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    with pytest.raises(FileNotFoundError):
        evaluate_dirs(tmp_path / "gold", tmp_path / "nowhere")


def _render_text(tables: list[Table]) -> str:
    console = Console(record=True, width=140, color_system=None)
    for table in tables:
        console.print(table)
    return console.export_text()


def test_render_report() -> None:
    gold = rich_doc()
    pred = copy.deepcopy(gold)
    pred["entities"].append(ent("moscow", "Moscow", "LOC", ["Moskva"]))
    report = score([gold, rich_doc("art-002")], [pred])
    tables = render_report(report)
    assert len(tables) == 3 and all(isinstance(t, Table) for t in tables)
    text = _render_text(tables)
    assert "entities" in text and "timexes (strict value)" in text
    assert "0.750" in text          # entities precision 3/4
    assert "0.600" in text          # entities F1: 2 * 0.75 * 0.5 / 1.25
    assert "—" in text              # inferred accuracy undefined
    assert "art-002" in text        # listed as missing
    per_doc = render_report(report, per_document=True)
    assert len(per_doc) == 4
    assert "3/3/4" in _render_text(per_doc[3:])


def test_render_tolerates_partial_report() -> None:
    text = _render_text(render_report({"documents": 0}))
    assert "Detection" in text
