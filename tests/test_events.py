"""Events: trigger table examples, modality, cross-document merging, timeline, flat exports."""
from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from storyline import lang as langdata
from storyline.analyze.pipeline import Pipeline
from storyline.cli import app
from storyline.model import Document, Published, Span

from .conftest import analyze_events, stored_events

GROUPS = langdata.load("vi", "events")["triggers"]
EXAMPLES = [(g["type"], g["mode"], ex) for g in GROUPS for ex in g["examples"]]


def events(text: str, published: str = "2025-10-25") -> list[Span]:
    return analyze_events(text, published)


@pytest.mark.parametrize("etype, mode, text", EXAMPLES, ids=[e[2][:40] for e in EXAMPLES])
def test_trigger_examples(etype, mode, text):
    found = [(e.label, e.attrs["mode"]) for e in events(text)]
    assert (etype, mode) in found, found


def test_negated_and_planned_meetings_are_not_completed_meetings():
    assert not [e for e in events("Hai bên chưa thể gặp nhau ngày 20/10.") if e.label == "CONSULT"]
    planned = events("Hai nhà lãnh đạo sẽ gặp nhau tại Budapest ngày 30/10.")
    assert [(e.label, e.attrs["mode"]) for e in planned] == [("AGREE", "plan")]


def test_arguments_come_from_mentions():
    ev = events("Ngoại trưởng Nga Sergey Lavrov hội đàm với Ngoại trưởng Mỹ Marco Rubio tại Riyadh ngày 18/2.",
                "2025-02-19")[0]
    assert ev.value == "2025-02-18" and ev.attrs["location"] == "Riyadh"
    assert set(ev.attrs["actors"]) == {"Russia", "United States"}
    assert set(ev.attrs["participants"]) == {"Sergey Lavrov", "Marco Rubio"}


def _timeline(db, *args):
    res = CliRunner().invoke(app, ["timeline", "--db", str(db), "--json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_dyad_timeline_shows_each_landmark_once_with_sources(corpus_db):
    evs = _timeline(corpus_db, "--dyad", "RU-US", "--type", "CONSULT")
    for date, place in (("2025-02-18", "Riyadh"), ("2025-02-27", "Istanbul"), ("2025-04-10", "Istanbul"),
                        ("2025-08-15", None)):
        same = [e for e in evs if e["date"] == date]
        assert len(same) == 1, (date, same)
        assert same[0]["num_sources"] >= 2 and len(same[0]["sources"]) == same[0]["num_sources"]
        if place:
            assert same[0]["location"] == place
    dates = [e["date"] for e in evs]
    assert dates == sorted(dates)


def test_timeline_rejects_unknown_states(corpus_db):
    res = CliRunner().invoke(app, ["timeline", "--db", str(corpus_db), "--dyad", "RU-XX"])
    assert res.exit_code == 2 and "unknown state" in res.output


def test_gdelt_and_csv_exports(corpus_db, tmp_path):
    runner = CliRunner()
    for fmt in ("gdelt", "csv"):
        res = runner.invoke(app, ["export", "--db", str(corpus_db), "--format", fmt, "--out", str(tmp_path / fmt)])
        assert res.exit_code == 0, res.output
    with open(tmp_path / "gdelt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    ids = [r["GlobalEventID"] for r in rows]
    assert len(ids) == len(set(ids)) > 20
    assert all(int(r["NumSources"]) <= int(r["NumMentions"]) for r in rows)
    with open(tmp_path / "csv", encoding="utf-8") as fh:
        reports = list(csv.DictReader(fh))
    assert sum(int(r["NumMentions"]) for r in rows) == len(reports)
    assert all(r["evidence"] for r in reports)


@pytest.mark.parametrize("text, published, expected", [
    # a 'since' date is background: the event keeps the day the sentence reports
    ("Ngày 16/5, phái đoàn Nga và Ukraine lần đầu đàm phán trực tiếp kể từ năm 2022.", "2025-05-17",
     ("CONSULT", "2025-05-16")),
    # a dash between two names ('Nga - Ukraine') joins a pair: the 'since' clause runs on past it
    ("Đây là lần đầu tiên kể từ khi xung đột Nga - Ukraine nổ ra vào tháng 2/2022, ngoại trưởng hai nước "
     "ngồi vào bàn đàm phán chính thức.", "2025-02-19", ("CONSULT", None)),
    # a 'from' date is the start of a state
    ("Hôm qua, Nga đề nghị khôi phục đường bay thẳng, bị gián đoạn từ năm 2022.", "2025-04-11",
     ("REQUEST", "2025-04-10")),
    # a 'from' date behind another trigger dates that one ('seized from 2016'), and so does the
    # end of its range ('to 2018'): the request keeps the day the sentence reports
    ("Hôm qua, Moskva đề nghị hoàn trả sáu bất động sản bị tịch thu từ năm 2016 đến năm 2018.",
     "2025-02-28", ("REQUEST", "2025-02-27")),
    ("Moskva nêu vấn đề sáu bất động sản bị tịch thu từ năm 2016 đến năm 2018 và đề nghị trả lại.",
     "2025-02-28", ("REQUEST", None)),
    # a day behind 'việc'/'rằng' after an agreement is what was agreed, not when (events.yaml 'content')
    ("Theo Điện Kremlin, hai nhà lãnh đạo cũng thống nhất việc Nga và Ukraine trao đổi 175 tù binh vào ngày 19/3.",
     "2025-03-19", ("AGREE", None)),
    ("Nga và Ukraine ngày 19/3 đã thống nhất trao đổi 175 tù binh.", "2025-03-20", ("AGREE", "2025-03-19")),
    # a date following a trigger before the next one is that trigger's, though another date is nearer
    ("Ông Trump gặp ông Putin tại Alaska hôm 15/8 và gặp Tổng thống Ukraine Volodymyr Zelensky cùng lãnh đạo "
     "nhiều nước châu Âu tại Nhà Trắng ngày 18/8.", "2025-08-21", ("CONSULT", "2025-08-18")),
    # a plan is dated when it was announced, not when it is to happen
    ("Hôm nay (16-8), ông Zelensky cho biết sẽ tới Washington vào thứ Hai (18-8) để gặp ông Trump.",
     "2025-08-16", ("AGREE", "2025-08-16")),
])
def test_event_dates_skip_background_and_future_days(text, published, expected):
    found = [(e.label, e.value) for e in events(text, published)]
    assert expected in found, found


@pytest.mark.parametrize("text", [
    "Ông Trump muốn tiến thẳng tới một thỏa thuận hòa bình ngày 16/8.",       # generic noun
    "Hai nhà lãnh đạo không công bố thỏa thuận nào ngày 15/8.",              # negative polarity
    "Moskva mời ông Trump sang Nga cho cuộc gặp tiếp theo ngày 9/8.",          # still to come
    'Tối 8/8, ông Trump nói cuộc gặp "rất được mong đợi" với ông Putin sẽ rất khó khăn.',  # spoken of
])
def test_generic_negated_or_coming_nouns_report_no_happening(text):
    found = [e.label for e in events(text, "2025-08-17")]
    assert "AGREE" not in found and "CONSULT" not in found, found


def test_a_trigger_pointing_back_reports_no_new_happening():
    """'asked about this proposal': a trigger word followed by 'này'/'đó' names one told before,
    whether it is a noun or a verb form ('đề xuất' is both)."""
    assert events("Được hỏi về đề xuất này hôm 5/10, ông Trump trả lời ngắn gọn.", "2025-10-06") == []
    assert [e.label for e in events("Nga đề xuất nối lại các chuyến bay thẳng hôm 5/10.", "2025-10-06")] == ["REQUEST"]


def test_reporting_media_and_a_places_own_state_are_not_parties():
    ev = events("Theo phóng viên TTXVN tại Moskva, các nhà ngoại giao Nga và Mỹ ngày 27/2 đã tiến hành "
                "vòng tham vấn tại thành phố Istanbul (Thổ Nhĩ Kỳ).", "2025-02-28")
    consult = [e for e in ev if e.label == "CONSULT"][0]
    assert set(consult.attrs["actors"]) == {"Russia", "United States"}
    assert consult.attrs["location"] == "Istanbul" and consult.value == "2025-02-27"


def test_a_relative_clause_inside_a_cancellation_tells_its_own_agreement():
    found = {(e.label, e.attrs["mode"]) for e in events(
        "Ngày 22/10, ông Trump cho biết đã hủy cuộc gặp thượng đỉnh tại Budapest mà ông và ông Putin "
        "thống nhất tuần trước.", "2025-10-25")}
    assert ("RETREAT", "cancellation") in found and ("AGREE", "agreement") in found
    assert ("CONSULT", "summit") not in found  # the cancelled summit is the content, not a happening


def test_no_plan_is_a_cancellation_not_a_plan():
    found = [(e.label, e.value) for e in events(
        "Ngày 21/10, một quan chức Nhà Trắng cho biết Tổng thống Trump không có kế hoạch gặp ông Putin.",
        "2025-10-22")]
    assert found == [("RETREAT", "2025-10-21")], found


def _counts_match_rows(db) -> list:
    """Events whose stored counts or place differ from a recount of their mention rows."""
    from storyline.store.db import open_store

    with open_store(str(db), readonly=True) as st:
        return st.query(
            "SELECT e.id FROM events e JOIN (SELECT event_id, COUNT(*) n, COUNT(DISTINCT doc_id) s "
            "FROM event_mentions GROUP BY event_id) m ON m.event_id = e.id "
            "WHERE e.num_mentions <> m.n OR e.num_sources <> m.s")


def test_counts_written_once_per_batch_equal_a_recount(tmp_path):
    """Event counts are kept in memory during a batch and written before its commit (and before a
    changed document is rewritten): the stored figures always equal a recount of the rows."""
    from storyline.app import Storyline
    from storyline.settings import Settings

    src = tmp_path / "in"
    src.mkdir()
    text = ("Ngoại trưởng Nga Sergey Lavrov và Ngoại trưởng Mỹ Marco Rubio đã hội đàm tại Riyadh "
            "ngày 18/2/2025.")
    for i in range(6):
        (src / f"a{i}.txt").write_text(f" date 2025-02-19\nBài {i}. {text}\n", encoding="utf-8")
    db = tmp_path / "s.db"
    Storyline(Settings(db=str(db), batch_size=4)).build([str(src)])
    assert _counts_match_rows(db) == []
    evs = _timeline(db, "--dyad", "RU-US")
    riyadh = [e for e in evs if e["date"] == "2025-02-18"]
    assert len(riyadh) == 1 and riyadh[0]["num_sources"] == 6
    (src / "a0.txt").write_text(" date 2025-02-19\nBài khác, không nói về hội đàm.\n", encoding="utf-8")
    other = "Các nhà ngoại giao Nga và Mỹ đã tham vấn tại Istanbul ngày 27/2/2025."
    (src / "0new.txt").write_text(f" date 2025-02-28\n{other}\n", encoding="utf-8")  # stored first
    Storyline(Settings(db=str(db), batch_size=4)).build([str(src)])
    assert _counts_match_rows(db) == []
    riyadh = [e for e in _timeline(db, "--dyad", "RU-US") if e["date"] == "2025-02-18"]
    assert riyadh[0]["num_sources"] == 5


def _build_query(tmp_path, texts: dict[str, str], sql: str) -> list[tuple]:
    """Build articles (name → file text) into a fresh store and return the rows of a query on it."""
    from storyline.app import Storyline
    from storyline.settings import Settings
    from storyline.store.db import open_store

    src = tmp_path / "in"
    src.mkdir()
    for name, text in texts.items():
        (src / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    Storyline(Settings(db=str(db))).build([str(src)])
    with open_store(str(db), readonly=True) as st:
        return st.query(sql)


def test_a_month_dated_report_naming_only_the_place_joins_the_day_event(tmp_path):
    """'the meeting in Alaska in August' names no state: it joins the day event of that month held
    at that place (read after the batch's pending places are written), not a new month event; a
    report at another place that month stays apart."""
    texts = {
        "a1": (" date 2025-08-16\nTổng thống Nga Vladimir Putin và Tổng thống Mỹ Donald Trump đã gặp "
               "nhau tại Alaska ngày 15/8/2025."),
        "a2": (" date 2025-08-17\nTổng thống Nga Vladimir Putin đã hội đàm với Tổng thống Mỹ Donald "
               "Trump tại Alaska hôm 15/8."),
        "a3": (" date 2025-10-22\nCuộc gặp tại Alaska hồi tháng 8/2025 đã không mang lại đột phá."),
        "a4": (" date 2025-10-22\nCuộc gặp tại Geneva hồi tháng 8/2025 đã không mang lại đột phá."),
    }
    rows = dict(_build_query(tmp_path, texts, "SELECT doc_id, event_id FROM event_mentions WHERE event_id IN "
                                              "(SELECT id FROM events WHERE type = 'CONSULT')"))
    assert set(rows) == {"a1", "a2", "a3", "a4"}
    assert rows["a1"] == rows["a2"] == rows["a3"]
    assert rows["a4"] != rows["a1"]


def test_a_summit_told_by_month_then_day_is_one_meeting_of_that_day(tmp_path):
    """'the summit in Anchorage in August … after three hours of talks on 15/8', naming no state: one
    meeting on 15/8 (not a month event besides it), and it is the summit others report in Alaska,
    not the call made from Anchorage that day (a call is only ever the same happening as a call)."""
    texts = {
        "b1": (" date 2025-08-16\nTổng thống Nga Vladimir Putin và Tổng thống Mỹ Donald Trump đã hội đàm "
               "tại Alaska ngày 15/8/2025."),
        "b2": (" date 2025-08-16\nTổng thống Mỹ Donald Trump đã điện đàm với Tổng thống Ukraine Volodymyr "
               "Zelensky tại Anchorage ngày 15/8/2025."),
        "b3": (" date 2026-01-20\nNăm 2025 ghi dấu cuộc gặp thượng đỉnh tại Anchorage hồi tháng 8. Sau gần "
               "ba giờ hội đàm hôm 15/8, hai nhà lãnh đạo không công bố thỏa thuận nào."),
    }
    rows = _build_query(tmp_path, texts, "SELECT m.doc_id, e.id, e.date FROM event_mentions m JOIN events e "
                                         "ON e.id = m.event_id WHERE e.type = 'CONSULT' ORDER BY m.doc_id")
    by_doc = {}
    for doc, eid, date in rows:
        by_doc.setdefault(doc, set()).add((eid, date))
    assert len(by_doc["b3"]) == 1, by_doc
    assert by_doc["b3"] == by_doc["b1"], by_doc
    assert next(iter(by_doc["b3"]))[1] == "2025-08-15"


_doc_events = stored_events


def test_an_agreement_told_twice_is_one_event_unless_told_as_another(tmp_path):
    """The lead and a later sentence retelling the same day's agreement between the same parties
    are one event; 'the two sides also agreed…' is a second agreement of that day."""
    lead = "Nga và Mỹ ngày 18/2 nhất trí khôi phục hoạt động của đại sứ quán hai nước."
    again = "Ngoại trưởng Nga Sergey Lavrov cho biết Nga và Mỹ đã thống nhất sẽ sớm bổ nhiệm đại sứ."
    also = "Nga và Mỹ cũng nhất trí lập nhóm làm việc về Ukraine."
    once = [e for e in _doc_events(tmp_path / "a", f"{lead}\n{again}") if e["type"] == "AGREE"]
    assert [e["date"] for e in once] == ["2025-02-18"], once
    twice = [e for e in _doc_events(tmp_path / "b", f"{lead}\n{also}") if e["type"] == "AGREE"]
    assert [e["date"] for e in twice] == ["2025-02-18", "2025-02-18"], twice
    assert len({e["id"] for e in twice}) == 2


def test_two_calls_in_one_sentence_keep_their_own_parties(tmp_path):
    """'After the call with Putin, Trump also phoned Zelensky': each clause's event takes the
    states and people of its own clause, so the second call is its own US–Ukraine event, while
    a clause that names no state ('…, and agreed…') keeps the sentence's parties."""
    body = ("Tổng thống Mỹ Donald Trump và Tổng thống Nga Vladimir Putin đã điện đàm hôm 12/2.\n"
            "Sau cuộc điện đàm với ông Putin, ông Trump cũng đã trao đổi qua điện thoại với "
            "Tổng thống Ukraine Volodymyr Zelensky.")
    calls = [e for e in _doc_events(tmp_path / "a", body, "2025-02-13") if e["type"] == "CONSULT"]
    assert sorted(sorted(e["actors"]) for e in calls) == [["Russia", "United States"],
                                                          ["Ukraine", "United States"]], calls
    assert {e["date"] for e in calls} == {"2025-02-12"}
    shared = events("Phái đoàn Mỹ và Nga ngày 18/2 đã hội đàm tại Riyadh, thủ đô Ả Rập Xê Út, "
                    "và nhất trí khôi phục hoạt động của đại sứ quán.", "2025-02-19")
    agree = [e for e in shared if e.label == "AGREE"]
    assert agree and {"Russia", "United States"} <= set(agree[0].attrs["actors"]), agree


def test_the_two_sides_name_the_pair_just_told_and_topics_are_no_party():
    """'Both sides agreed…' takes the pair of the last event told with two states; a state the
    talks were about ('vấn đề Ukraine') or whose capital hosted them is not a party."""
    found = events("Ngoại trưởng Nga Sergey Lavrov và Ngoại trưởng Mỹ Marco Rubio hội đàm tại Riyadh, "
                   "thủ đô Ả Rập Xê Út, ngày 18/2. Theo phía Nga, hai bên đã nhất trí khôi phục hoạt động "
                   "của đại sứ quán. Cuộc tham vấn không đề cập đến vấn đề Ukraine.", "2025-02-19")
    by_type = {e.label: e for e in reversed(found)}   # the first of each type
    assert set(by_type["CONSULT"].attrs["actors"]) == {"Russia", "United States"}, found
    assert set(by_type["AGREE"].attrs["actors"]) == {"Russia", "United States"}, found
    last = [e for e in found if e.label == "CONSULT"][-1]
    assert "Ukraine" not in last.attrs["actors"], found


def test_places_are_cities_and_outcomes_happen_where_the_talks_were():
    """'at Diriyah Palace in Riyadh' places the talks in Riyadh; an agreement told without a
    place happened where that day's talks between its parties were."""
    from storyline.analyze.event_groups import group_events

    text = ("Phái đoàn Nga và Mỹ hội đàm tại Cung điện Diriyah ở Riyadh ngày 18/2. "
            "Hai bên nhất trí khôi phục hoạt động của đại sứ quán. Ông Trump điện đàm với ông Putin ngày 12/2.")
    doc = Document(id="e", text=text, published=Published("2025-02-19", True, "test"))
    doc.set_layer("blocks", [Span(0, len(text), "paragraph")])
    Pipeline()(doc)
    where = {(ev.type, ev.date): ev.location for ev in group_events(doc)}
    assert where[("CONSULT", "2025-02-18")] == "Riyadh", where
    assert where[("AGREE", "2025-02-18")] == "Riyadh", where
    assert where[("CONSULT", "2025-02-12")] is None, where


@pytest.mark.parametrize("text", [
    "Năm nay, hai nhà lãnh đạo đã nhiều lần điện đàm về Ukraine.",        # a habit, not one call
    "Hai bên đã liên tục trục xuất nhà ngoại giao của nhau.",
    "Sau cuộc gặp ngày 15/8, những đe dọa ấy tạm lắng.",                 # 'ấy' points back
])
def test_habits_and_pointing_back_are_no_new_happening(text):
    found = [(e.label, e.attrs["mode"]) for e in events(text, "2025-08-20")]
    assert not [f for f in found if f[0] in ("THREATEN", "SANCTION") or f[1] == "phone"], found


def test_a_post_is_the_news_only_when_its_sentence_reports_nothing_else():
    alone = events("Hôm thứ Bảy (16/8), ông Trump viết trên Truth Social rằng cách tốt nhất là đi thẳng tới hòa bình.",
                   "2025-08-17")
    assert [(e.label, e.value) for e in alone] == [("STATEMENT", "2025-08-16")], alone
    with_news = events("Hôm 16/10, ông Trump viết trên mạng xã hội rằng hai bên đã nhất trí để các cố vấn gặp nhau.",
                       "2025-10-17")
    assert "STATEMENT" not in [e.label for e in with_news] and "AGREE" in [e.label for e in with_news], with_news


def test_an_act_still_to_come_has_not_happened():
    """'Moskva sẽ trao trả 23 binh sĩ': an exchange, sanction or easing announced for later is no
    completed event (a meeting to come stays a plan)."""
    assert not [e for e in events("Ngày 19/3, Moskva sẽ trao trả 23 binh sĩ Ukraine bị thương nặng.", "2025-03-19")
                if e.label == "COOPERATE"]
    assert [e.label for e in events("Ngày 19/3, Moskva trao trả 23 binh sĩ Ukraine bị thương nặng.", "2025-03-20")] \
        == ["COOPERATE"]
    assert not events("Ngày 15/8, ông Trump thừa nhận ý tưởng này có thể khiến ông bị chỉ trích.", "2025-08-16")


@pytest.mark.parametrize("text, expected", [
    ("Ông Hưng lưu ý các tác động tức thời, chẳng hạn mức thuế đối ứng 20% mà Washington áp lên "
     "hàng hóa Việt Nam từ ngày 7/8.", ("SANCTION", "tariffs", "2025-08-07")),  # 'chẳng hạn' = for example
    ("Ông Trump không chỉ gặp ông Putin ngày 15/8 mà còn điện đàm với ông Zelensky.",
     ("CONSULT", "meeting", "2025-08-15")),                                       # 'không chỉ' = not only
    ("Ngày 5/3, chỉ huy lực lượng không quân Nga hội đàm với phía Mỹ tại Riyadh.",
     ("CONSULT", "meeting", "2025-03-05")),                                       # 'không quân' = air force
])
def test_phrases_holding_a_negation_word_negate_nothing(text, expected):
    found = [(e.label, e.attrs["mode"], e.value) for e in events(text, "2025-08-21")]
    assert expected in found, found


def test_a_meeting_named_as_the_occasion_of_an_agreement_is_told_too():
    text = ("Việc nhanh chóng cử đại sứ là một trong những nội dung được thống nhất tại cuộc hội đàm giữa "
            "Ngoại trưởng Sergey Lavrov và Ngoại trưởng Mỹ Marco Rubio ở Riyadh hôm 18/2.")
    found = [(e.label, e.value) for e in events(text, "2025-03-07")]
    assert ("CONSULT", "2025-02-18") in found and ("AGREE", "2025-02-18") in found, found
    content = [e.label for e in events("Hai bên nhất trí tổ chức cuộc gặp thượng đỉnh vào tháng 10.", "2025-08-07")]
    assert "CONSULT" not in content, content        # what was agreed is still no meeting


def test_two_modes_of_one_type_in_a_sentence_are_two_events(tmp_path):
    """'arrested early last year and sentenced on 15/8/2024': an arrest and a sentence are two
    happenings, each with its own date; an agreement and the plan it sets stay one."""
    body = "Cô bị bắt ở Yekaterinburg đầu năm ngoái và ngày 15 tháng 8 năm 2024 bị tuyên 12 năm tù vì tội phản quốc."
    coerce = sorted((e["mode"], e["date"]) for e in _doc_events(tmp_path / "a", body, "2025-04-12")
                    if e["type"] == "COERCE")
    assert coerce == [("arrest", "2024"), ("sentence", "2024-08-15")], coerce
    plan = "Hôm 16/10, hai nhà lãnh đạo nhất trí sẽ gặp nhau tại Budapest."
    agree = [e for e in _doc_events(tmp_path / "b", plan, "2025-10-17") if e["type"] == "AGREE"]
    assert len(agree) == 1, agree


def test_an_undated_sentence_does_not_take_a_deadline_after_publication_as_its_day(tmp_path):
    body = ("Bộ Tài chính Mỹ ngày 22/10 công bố trừng phạt Rosneft và Lukoil. Các giao dịch với hai tập đoàn "
            "phải chấm dứt trước ngày 21/11. Đây là đòn trừng phạt lớn đầu tiên nhắm vào Nga.")
    dates = {e["date"] for e in _doc_events(tmp_path, body, "2025-10-25") if e["type"] == "SANCTION"}
    assert "2025-11-21" not in dates and "2025-10-22" in dates, dates


def test_a_sanction_starting_after_publication_is_a_threat():
    found = [(e.label, e.attrs["mode"], e.value)
             for e in events("Ngày 10/10, ông Trump tuyên bố áp thêm thuế 100% lên hàng hóa Trung Quốc từ ngày 1/11.",
                             "2025-10-13")]
    assert ("THREATEN", "tariffs", "2025-10-10") in found and not [f for f in found if f[0] == "SANCTION"], found
    adopted = [e.label for e in events("Hôm 23/10, EU thông qua gói trừng phạt thứ 19, trong đó có lệnh cấm nhập khẩu "
                                       "khí đốt hóa lỏng của Nga từ năm 2027.", "2025-10-25")]
    assert "THREATEN" not in adopted and "SANCTION" in adopted, adopted


@pytest.mark.parametrize("text, kept", [
    ("Phía Nga nêu rõ ưu tiên lấy lại các tài sản ngoại giao bị tịch thu.", False),
    ("Moskva coi việc lấy lại 6 bất động sản bị Washington tịch thu là ưu tiên.", False),
    ("Sáu bất động sản bị tịch thu vào tháng 12/2016.", True),          # dated: the seizure itself
    ("Washington tịch thu sáu cơ sở ngoại giao của Nga.", True),        # active: told as news
])
def test_an_undated_passive_act_is_a_state_not_news(text, kept):
    found = [e.label for e in events(text, "2025-04-11")]
    assert ("SANCTION" in found) is kept, found


def test_a_place_in_its_own_clause_keeps_another_clauses_city_away():
    """'Chiều 21/8, tại cuộc họp báo … ở Hà Nội, phóng viên hỏi về cuộc gặp … tại Nhà Trắng ngày 18/8':
    the meeting was at the White House (no city named), not in Hanoi."""
    text = ("Chiều 21/8, tại cuộc họp báo thường kỳ của Bộ Ngoại giao ở Hà Nội, phóng viên hỏi về cuộc gặp của "
            "ông Trump với Tổng thống Ukraine Volodymyr Zelensky tại Nhà Trắng ngày 18/8.")
    meet = [e for e in events(text, "2025-08-21") if e.label == "CONSULT"]
    assert meet and meet[0].value == "2025-08-18" and meet[0].attrs["location"] is None, meet


def _build_events(tmp_path, texts: dict[str, str]) -> dict[str, list[tuple]]:
    """Build several one-article files; per document, its (event id, type, mode, date) rows."""
    from storyline.app import Storyline
    from storyline.settings import Settings
    from storyline.store.db import open_store

    src = tmp_path / "in"
    src.mkdir(parents=True)
    for name, text in texts.items():
        (src / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    Storyline(Settings(db=str(db))).build([str(src)])
    out: dict[str, list[tuple]] = {}
    with open_store(str(db), readonly=True) as st:
        for doc_id, eid, etype, mode, date in st.query(
                "SELECT m.doc_id, e.id, e.type, e.mode, e.date FROM event_mentions m "
                "JOIN events e ON e.id = m.event_id ORDER BY m.doc_id, m.start_char"):
            out.setdefault(doc_id, []).append((eid, etype, mode, date))
    return out


def test_a_day_count_opening_a_sentence_moves_the_day_last_named(tmp_path):
    """'Three days later, Russia expelled…' happened three days after the day last named, not on
    it; and an expulsion and a closure told in one sentence are two sanctions."""
    body = ("Ngày 26/3/2018, Mỹ trục xuất 60 nhà ngoại giao Nga và đóng cửa Tổng lãnh sự quán Nga ở Seattle. "
            "Ba ngày sau, Nga trục xuất 60 nhà ngoại giao Mỹ.")
    found = sorted((e["mode"], e["date"]) for e in _doc_events(tmp_path / "a", body, "2025-04-09")
                   if e["type"] == "SANCTION")
    assert found == [("closure", "2018-03-26"), ("expulsion", "2018-03-26"), ("expulsion", "2018-03-29")], found
    week = "Ngày 10/4, Nga và Mỹ tham vấn tại Istanbul. Một tuần sau, Nga trục xuất hai nhà báo Mỹ."
    found = [e["date"] for e in _doc_events(tmp_path / "b", week, "2025-04-20") if e["type"] == "SANCTION"]
    assert found == ["2025-04-17"], found
    back = "Ngày 30/11, Mỹ và Ukraine gặp nhau tại Florida. Một tuần trước đó, hai bên đàm phán tại Geneva."
    found = [e["date"] for e in _doc_events(tmp_path / "d", back, "2025-12-03") if e["type"] == "CONSULT"]
    assert sorted(found) == ["2025-11-23", "2025-11-30"], found
    vague = "Ngày 10/4, Nga và Mỹ tham vấn tại Istanbul. Vài ngày sau, Nga trục xuất hai nhà báo Mỹ."
    found = [e["date"] for e in _doc_events(tmp_path / "c", vague, "2025-04-20") if e["type"] == "SANCTION"]
    assert found == ["2025-04-10"], found  # 'a few days' moves by no known count: the day last named


def test_sanctions_of_two_modes_on_one_day_are_two_events_across_documents(tmp_path):
    """Expelling diplomats and seizing property the same day, reported by two articles, are two
    happenings; a one-sided report of a day does not join a pair's year event (looking up every
    coarser date of every pair holding its state would not stay linear)."""
    rows = _build_events(tmp_path, {
        "a1": " date 2025-04-09\nNgày 29/12/2016, Mỹ trục xuất 35 nhà ngoại giao Nga.",
        "a2": " date 2025-04-10\nNgày 29/12/2016, Mỹ tịch thu hai khu nghỉ dưỡng của Nga.",
        "b1": " date 2025-03-01\nNăm 2022, Mỹ và Nga ban hành lệnh cấm máy bay của nhau.",
        "b2": " date 2025-03-02\nNgày 28/2/2022, Nga ban hành lệnh cấm các hãng hàng không của 36 nước.",
    })
    assert rows["a1"][0][2] == "expulsion" and rows["a2"][0][2] == "confiscation"
    assert rows["a1"][0][0] != rows["a2"][0][0], rows
    assert rows["b2"][0][0] != rows["b1"][0][0], rows
    assert rows["b1"][0][3] == "2022" and rows["b2"][0][3] == "2022-02-28", rows


def test_the_european_union_is_a_party_and_charges_are_no_accusation():
    """The EU acts like a state in events (it imposes bans and sanctions); 'expelled … on charges
    of…' tells the reason for the expulsion, not a separate accusation."""
    ban = events("Ngày 27/2/2022, Liên minh châu Âu (EU) đóng cửa không phận đối với máy bay Nga.", "2025-03-01")
    assert [(e.label, sorted(e.attrs["actors"])) for e in ban] == [("SANCTION", ["European Union", "Russia"])]
    expel = events("Ngày 29/12/2016, Mỹ trục xuất 35 nhà ngoại giao Nga với cáo buộc can thiệp bầu cử.", "2025-04-09")
    assert [e.label for e in expel] == ["SANCTION"], expel


@pytest.mark.parametrize("text, published, expected", [
    ("Năm nay đánh dấu 30 năm thiết lập quan hệ ngoại giao Việt Nam - Hoa Kỳ và 75 năm quan hệ "
     "Việt Nam - Liên bang Nga.", "2025-08-21", ["1995", "1950"]),
    ("Năm nay, Việt Nam và Nga kỷ niệm 75 năm thiết lập quan hệ ngoại giao (30/1/1950 - 30/1/2025).",
     "2025-03-07", ["1950-01-30"]),
    ("Theo chuyên gia này, năm nay đánh dấu 30 năm thiết lập quan hệ ngoại giao Việt Nam - Hoa Kỳ.",
     "2025-08-21", ["1995"]),
    ("Quan hệ Nga - Mỹ đang ở mức thấp nhất trong nhiều năm.", "2025-08-21", []),
    ("Kết quả mở ra cơ hội nối lại đối thoại sau ba năm quan hệ gần như đóng băng.", "2025-02-19", []),
    ("Năm nay, quan hệ ngoại giao giữa Mỹ và Liên Xô, tiền thân của Nga, tròn 92 năm.", "2025-03-07", ["1933"]),
    ("Hai bên nhất trí gia hạn thêm 1 năm thỏa thuận thương mại ngày 30/10.", "2025-11-01", ["2025-10-30"]),
])
def test_an_anniversary_dates_what_it_counts_from(text, published, expected):
    """'30 years of diplomatic relations', said in 2025, is the 1995 establishment (a day of that year
    the sentence gives is kept), even in an observer's sentence; 'relations' alone, or a year count
    before another trigger, is no anniversary."""
    found = [e.value for e in events(text, published) if e.label == "AGREE"]
    assert found == expected, found


def test_a_plural_trigger_with_several_dates_is_one_event_per_date():
    """'the rounds of talks in Geneva in May and London in June' are two talks, each at its own city;
    a singular meeting with one date stays one."""
    found = [(e.value, e.attrs["location"]) for e in events(
        "Dòng hàng chỉ dần thông suốt trở lại sau các vòng đàm phán tại Geneva hồi tháng 5 và London "
        "hồi tháng 6.", "2025-10-13") if e.label == "CONSULT"]
    assert found == [("2025-05", "Geneva"), ("2025-06", "London")], found
    one = [e.value for e in events("Cuộc tham vấn diễn ra tại Istanbul ngày 27/2.", "2025-03-01")]
    assert one == ["2025-02-27"], one


def test_an_interview_framing_what_was_said_is_not_the_news():
    """'Answering Fox News the same day, Witkoff said…': the interview frames a statement; an
    interview reported on its own is a STATEMENT/interview."""
    framed = events("Trả lời phỏng vấn kênh Fox News ngày 18/3, Đặc phái viên Steve Witkoff cho biết các "
                    "cuộc thảo luận sẽ tiếp tục.", "2025-03-19")
    assert [e.label for e in framed if e.label == "STATEMENT"] == [], framed
    alone = events("Ngày 14/3, ông Putin trả lời phỏng vấn kênh truyền hình Rossiya-1.", "2025-03-15")
    assert [(e.label, e.attrs["mode"]) for e in alone] == [("STATEMENT", "interview")], alone


@pytest.mark.parametrize("text", [
    "Ông Petrov bị bắt tại Síp hồi tháng 8/2023 theo yêu cầu của Washington.",
    "Phái đoàn tới Moskva ngày 6/8 theo lời mời của Điện Kremlin.",
])
def test_a_reason_phrase_is_no_request(text):
    """'at the request of Washington', 'at the Kremlin's invitation' say why, not that anyone asked."""
    assert [e.label for e in events(text, "2025-08-09") if e.label == "REQUEST"] == []


def test_a_states_own_body_in_session_is_no_talks():
    """'speaking at the meeting of Russia's Security Council' is no CONSULT; a meeting of two
    parties named as a pair ('the Kremlin - White House talks') still is."""
    body = events("Phát biểu tại cuộc họp Hội đồng An ninh Nga ngày 22/9/2025, ông Putin nói Nga sẵn sàng.", "2026-02-05")
    assert [e.label for e in body if e.label == "CONSULT"] == [], body
    pair = events("Cuộc hội đàm Điện Kremlin - Nhà Trắng ngày 22/9/2025 bàn về Ukraine.", "2026-02-05")
    assert [e.label for e in pair] == ["CONSULT"], pair


def test_a_series_of_contacts_is_no_one_meeting():
    """'a dense series of contacts over 12 months' names many meetings, none of them."""
    found = events("Trong 12 tháng qua, quan hệ Nga - Mỹ đã đi từ băng giá sang một chuỗi tiếp xúc dày đặc.",
                   "2026-01-20")
    assert [e.label for e in found if e.label == "CONSULT"] == [], found


def test_a_sentence_pointing_back_retells_the_meeting_of_its_parties(tmp_path):
    """'This is the first time the two foreign ministers sat down to talks' retells the Russia–US
    talks told before, not a second meeting on the day last named (the Turkey–Ukraine one's)."""
    body = ("Ngoại trưởng Nga và Ngoại trưởng Mỹ đã hội đàm tại Riyadh ngày 18/2. "
            "Trước đó, ông Zelensky gặp Tổng thống Thổ Nhĩ Kỳ tại Ankara hôm 17/2. "
            "Đây là lần đầu tiên ngoại trưởng Nga và Mỹ ngồi vào bàn đàm phán.")
    found = sorted((e["date"], tuple(sorted(e["actors"]))) for e in _doc_events(tmp_path, body, "2025-02-19")
                   if e["type"] == "CONSULT")
    assert found == [("2025-02-17", ("Turkey", "Ukraine")), ("2025-02-18", ("Russia", "United States"))], found


def test_the_two_sides_in_an_undated_paragraph_speak_of_the_storys_day(tmp_path):
    """'Hai bên nhất trí…' in a paragraph of its own names no state until the pair is filled in;
    it still speaks of the story's day, like a sentence naming the states."""
    body = "Nga và Mỹ đã hội đàm tại Istanbul ngày 27/2.\n\nHai bên nhất trí tiếp tục đối thoại qua kênh này."
    found = [e["date"] for e in _doc_events(tmp_path, body, "2025-02-28") if e["type"] == "AGREE"]
    assert found == ["2025-02-27"], found


def test_a_plan_told_in_an_undated_paragraph_is_made_on_the_storys_day(tmp_path):
    """'The second round will take place at a place not yet announced' names no party; told in a
    paragraph with no day of its own, the plan is still the story's news of its day."""
    body = ("Nga và Mỹ đã tham vấn tại Istanbul hôm thứ Năm (27/2).\n\n"
            "Theo phía Mỹ, vòng thứ hai sẽ diễn ra ở địa điểm và thời điểm chưa được công bố.")
    found = [(e["mode"], e["date"]) for e in _doc_events(tmp_path, body, "2025-02") if e["type"] == "AGREE"]
    assert found == [("plan", "2025-02-27")], found


@pytest.mark.parametrize("text, mode", [
    ("Hôm 27/2, hai bên nhất trí tiếp tục đối thoại qua kênh này.", "plan"),   # more talks agreed: a plan
    ("Hôm 27/2, hai bên nhất trí nối lại đàm phán về hàng không.", "plan"),
    ("Hôm 27/2, hai bên nhất trí tiếp tục duy trì liên lạc.", "agreement"),    # keeping in touch: agreed
])
def test_agreeing_to_more_talks_is_a_plan_of_them(text, mode):
    assert [(e.label, e.attrs["mode"]) for e in events(text, "2025-02-28")] == [("AGREE", mode)]


def test_the_line_of_contact_is_no_contact():
    """'đường tiếp xúc' is the front line, not a meeting ('tiếp xúc')."""
    found = events("Ông Lavrov nói ngừng bắn ngay dọc theo đường tiếp xúc ngày 20/10 là không thể.", "2025-10-22")
    assert [e.label for e in found if e.label == "CONSULT"] == [], found


def test_a_meeting_described_by_a_copula_is_the_one_told_before(tmp_path):
    """'The meeting in Istanbul was the first step on the outcome of the talks in Riyadh on 18/2':
    the Istanbul meeting is the one told before (it does not take Riyadh's day), and the Riyadh
    talks, named further on, are their own event."""
    body = ("Nga và Mỹ tham vấn tại Istanbul hôm 27/2. "
            "Cuộc gặp tại Istanbul là bước cụ thể hóa đầu tiên kết quả cuộc hội đàm cấp ngoại trưởng "
            "ở Riyadh hôm 18/2.")
    found = sorted((e["date"], e["location"]) for e in _doc_events(tmp_path, body, "2025-03-01")
                   if e["type"] == "CONSULT")
    assert found == [("2025-02-18", "Riyadh"), ("2025-02-27", "Istanbul")], found


def test_a_sentence_opening_with_a_meeting_noun_and_no_date_tells_the_meeting_before(tmp_path):
    """'The talks opened in the presence of the host's foreign minister': an undated sentence whose
    subject is a meeting noun describes the meeting just told; the host named in it is no new party
    and makes no second meeting. With a date of its own, such a sentence still opens its own."""
    body = ("Ngoại trưởng Nga Sergei Lavrov và Ngoại trưởng Mỹ Marco Rubio hội đàm tại Riyadh hôm 18/2. "
            "Cuộc hội đàm mở đầu với sự tham dự của Ngoại trưởng Ả Rập Xê Út Faisal bin Farhan.")
    found = [(e["date"], sorted(e["actors"])) for e in _doc_events(tmp_path / "a", body) if e["type"] == "CONSULT"]
    assert found == [("2025-02-18", ["Russia", "United States"])], found
    dated = ("Ngoại trưởng Nga Sergei Lavrov và Ngoại trưởng Mỹ Marco Rubio hội đàm tại Riyadh hôm 18/2. "
             "Cuộc gặp giữa Nga và Ukraine hôm 16/5 tại Istanbul kéo dài hai giờ.")
    found = sorted(e["date"] for e in _doc_events(tmp_path / "b", dated, "2025-05-20") if e["type"] == "CONSULT")
    assert found == ["2025-02-18", "2025-05-16"], found


def test_an_occasion_at_a_told_place_is_that_meeting_on_its_day(tmp_path):
    """'Today the ministry announced that at the meeting in Istanbul the US side handed over a note':
    the Istanbul meeting is the one told before (27/2), and the note was handed over that day, not
    on the day of the announcement."""
    body = ("Các nhà ngoại giao Nga và Mỹ ngày 27/2 đã tham vấn tại Istanbul.\n\n"
            "Hôm nay, Bộ Ngoại giao Nga thông báo trong cuộc gặp tại Istanbul, phía Mỹ đã trao công hàm "
            "chấp thuận việc bổ nhiệm đại sứ mới.")
    found = sorted((e["type"], e["date"]) for e in _doc_events(tmp_path, body, "2025-02-28"))
    assert found == [("AGREE", "2025-02-27"), ("CONSULT", "2025-02-27")], found


@pytest.mark.parametrize("text, expected", [
    ("PGS.TS. Trần Văn Nam, giảng viên tại Hà Nội, nhận định thỏa thuận ngày 10/4 giữa Nga và Mỹ tuy nhỏ "
     "nhưng có ý nghĩa.", []),
    ("Nhà nghiên cứu Lê Hồng Sơn cho rằng cuộc gặp hôm 18/2 giữa Nga và Mỹ mới chỉ là bước khởi đầu.", []),
    ("Bộ Ngoại giao Nga nhận định thỏa thuận ngày 10/4 với Mỹ là bước tiến.", [("AGREE", "2025-04-10")]),
])
def test_a_scholar_opening_the_sentence_gives_a_view_not_news(text, expected):
    """An academic or analyst opening the sentence (the commentary list of events.yaml) comments on
    what happened; the same words from a party are still its news."""
    assert [(e.label, e.value) for e in events(text, "2025-04-12")] == expected


def test_a_date_restated_in_another_time_zone_dates_nothing(tmp_path):
    """'at noon on 15/8 (local time, i.e. early 16/8 Vietnam time)': the second date is the same
    moment, so a later undated sentence speaks of the 15th, not of a second day of talks."""
    body = ("Hai tổng thống Nga và Mỹ bắt đầu hội đàm tại Anchorage vào trưa 15/8 (giờ địa phương, tức "
            "rạng sáng 16/8 theo giờ VN). Sau đó, ông Putin và ông Trump tiếp tục hội đàm tại căn cứ quân sự.")
    found = sorted({e["date"] for e in _doc_events(tmp_path, body, "2025-08-17") if e["type"] == "CONSULT"})
    assert found == ["2025-08-15"], found


@pytest.mark.parametrize("second, dated", [
    ("Ông Naryshkin cũng từng xác nhận hai cơ quan tình báo Nga và Mỹ nhất trí duy trì liên lạc.", False),
    ("Từng bên đều nhất trí duy trì kênh liên lạc giữa Nga và Mỹ.", True),
])
def test_what_once_happened_does_not_take_the_paragraphs_day(second, dated):
    """'had once confirmed that the two agencies agreed…': an undated outcome at some earlier time is
    not dated by the day the paragraph speaks of; 'từng bên' (each side) marks no earlier time."""
    text = "Ngày 10/4, Nga và Mỹ hội đàm tại Istanbul. " + second
    agree = [e for e in events(text, "2025-04-12") if e.label == "AGREE"]
    assert [e.value or e.attrs["narrative_date"] for e in agree] == (["2025-04-10"] if dated else [None])


@pytest.mark.parametrize("text, expected", [
    ("Ngày 11/4, ông Trump đăng trên Truth Social: “Nga phải hành động ngay.”", []),
    ("Ngày 11/4, ông Trump đăng trên Truth Social một thông điệp dài về Nga.", [("STATEMENT", "2025-04-11")]),
])
def test_a_post_that_only_opens_a_quote_is_no_news(text, expected):
    """'posted on Truth Social: “…”': the colon hands over to the quote, which is what was said; a post
    told for itself is still a statement."""
    assert [(e.label, e.value) for e in events(text, "2025-04-12")] == expected


@pytest.mark.parametrize("second, expected", [
    ("Về cuộc trao đổi tù nhân, Nga đã thả một nữ công dân Mỹ.", [("COOPERATE", "2025-04-10")]),
    ("Về cuộc trao đổi tù nhân hôm 12/4, Nga đã thả một nữ công dân Mỹ.",
     [("COOPERATE", "2025-04-10"), ("COOPERATE", "2025-04-12")]),
])
def test_a_topic_opening_the_sentence_is_no_new_happening(second, expected):
    """'As for the prisoner swap, Russia released…': undated, the swap named as the sentence's topic is
    the one told before, not another one on the paragraph's day; with a date of its own it is told."""
    text = "Ngày 10/4, Nga và Mỹ hoàn tất cuộc trao đổi tù nhân tại Abu Dhabi. " + second
    found = sorted((e.label, e.value or e.attrs["narrative_date"]) for e in events(text, "2025-04-13")
                   if e.label == "COOPERATE")
    assert found == expected


@pytest.mark.parametrize("text, expected", [
    ("Ngày 24/3, Nga và Mỹ hội đàm về cơ chế tạm dừng tấn công cơ sở năng lượng.", [("CONSULT", "2025-03-24")]),
    ("Ngày 24/3, Mỹ tạm dừng tấn công cơ sở năng lượng của Nga.", [("RETREAT", "2025-03-24")]),
    ("Ngày 27/2, Nga và Mỹ tham vấn tại Istanbul. Phía Nga gọi việc thu giữ tài sản là hành động cướp đoạt.",
     [("ACCUSE", "2025-02-27"), ("CONSULT", "2025-02-27")]),
    ("Ngày 27/2, Nga và Mỹ tham vấn tại Istanbul. Mỹ thu giữ tài sản ngoại giao của Nga.",
     [("CONSULT", "2025-02-27"), ("SANCTION", "2025-02-27")]),
])
def test_what_a_mechanism_or_a_matter_is_about_is_no_happening(text, expected):
    """'talks on the mechanism for pausing strikes', 'called the seizure robbery': the pause and the
    seizure are what the words are about, not acts of that day (calling it robbery accuses, no more); the same
    verbs as acts still count."""
    found = sorted((e.label, e.value or e.attrs["narrative_date"]) for e in events(text, "2025-03-26"))
    assert found == expected


@pytest.mark.parametrize("text, expected", [
    ("Ông Dmitriev tới Mỹ hôm 24/10, chỉ hai ngày sau khi Mỹ áp lệnh trừng phạt lên Rosneft và Lukoil.",
     "2025-10-22"),
    ("Nga trục xuất hai nhà ngoại giao Mỹ hôm 5/3, đúng một tuần sau khi Mỹ trục xuất hai nhà ngoại giao Nga.",
     "2025-02-26"),
    ("Ông Dmitriev tới Mỹ hôm 24/10, chưa đầy mười ngày sau khi Mỹ áp lệnh trừng phạt lên Rosneft và Lukoil.",
     "2025-10-24"),
    ("Nga hôm 24/10 phản đối quyết định của Mỹ. Phản ứng được đưa ra hai ngày sau khi Mỹ áp lệnh trừng phạt "
     "lên Rosneft và Lukoil.", "2025-10-22"),
])
def test_n_days_after_dates_the_clause_it_introduces(text, expected):
    """'arrived on 24/10, just two days after the US imposed sanctions': the sanctions were on 22/10;
    an approximate count ('less than ten days after') gives no day of its own."""
    found = [e.value for e in events(text, "2025-10-27") if e.label == "SANCTION"]
    assert found[-1] == expected, found


@pytest.mark.parametrize("text, expected", [
    ("Ngày 3/7, ông Putin nói Nga vẫn sẵn sàng tiếp tục đàm phán với phía Ukraine.", []),
    ("Ngày 3/7, Nga và Ukraine tiếp tục đàm phán tại Istanbul.", [("CONSULT", "2025-07-03")]),
    ("Ngày 3/7, Kyiv tuyên bố sẵn sàng ủng hộ đề xuất ngừng bắn của Mỹ.", [("SUPPORT", "2025-07-03")]),
    ("Ngày 3/7, ông Putin nói tốt hơn hết Nga và Mỹ nên gặp nhau để bàn về Ukraine.", []),
    ("Ngày 3/7, ông Zelensky cho biết Kiev sẵn sàng gặp ông Putin ở bất kỳ hình thức nào.", [("SUPPORT", "2025-07-03")]),
    ("Ngày 3/7, Kiev cho biết sẵn sàng tham gia một cuộc gặp ba bên với Nga và Mỹ.", [("SUPPORT", "2025-07-03")]),
    ("Ngày 3/7, ông Orbán nói Budapest sẵn sàng tổ chức hội nghị thượng đỉnh Nga - Mỹ.", [("SUPPORT", "2025-07-03")]),
    ("Ngày 3/7, ông Orbán khẳng định Budapest vẫn sẵn sàng đón hai nhà lãnh đạo.", [("SUPPORT", "2025-07-03")]),
    ("Ngày 3/7, ông Peskov nói Moskva sẵn sàng nối lại đàm phán với Kiev.", []),
])
def test_a_readiness_to_meet_is_no_meeting(text, expected):
    """'ready to keep negotiating with Ukraine': no talks were held; talks held are, and being ready
    to support a proposal still supports it. Being ready to meet someone, or to join or host a meeting,
    backs the talks (SUPPORT), unless it is going on with talks already running."""
    assert [(e.label, e.value) for e in events(text, "2025-07-04")] == expected


@pytest.mark.parametrize("text, expected", [
    ('Ngày 22/1, ông Trump nói Nga cần sớm đạt được một "thỏa thuận" với Ukraine.', []),
    ('Ngày 22/1, Nga và Mỹ đạt được "thỏa thuận" về trao đổi tù nhân.', [("AGREE", "2025-01-22")]),
])
def test_quotation_marks_do_not_hide_the_word_before_a_trigger(text, expected):
    """'a "deal"': the scare quote does not hide that the deal is a generic one; a quoted deal reached
    is still reached."""
    assert [(e.label, e.value) for e in events(text, "2025-01-25")] == expected


@pytest.mark.parametrize("text, expected", [
    ("Ngày 23/9, sau khi hội đàm với Tổng thống Ukraine Volodymyr Zelensky tại New York, ông Trump viết trên "
     "mạng xã hội rằng Ukraine có thể giành lại toàn bộ lãnh thổ.", [("CONSULT", "2025-09-23"), ("STATEMENT", "2025-09-23")]),
    ("Ngày 23/9, ông Trump viết trên mạng xã hội rằng hai bên đã nhất trí ngừng bắn.", [("AGREE", "2025-09-23")]),
])
def test_a_post_after_a_scene_setting_meeting_is_still_news(text, expected):
    """'after talks with Zelensky, Trump posted that…': the talks set the scene, the post is the news;
    a post that reports an agreement yields to it."""
    assert sorted((e.label, e.value) for e in events(text, "2025-09-25")) == expected


def test_a_release_and_the_swap_it_belongs_to_are_one_event(tmp_path):
    """'Russia freed the teacher on 11/2' and 'Russia and the US swapped prisoners on 11/2' report
    one happening: a release is told as its swap's half."""
    texts = {"c1": " date 2025-02-12\nNgày 11/2, Nga trả tự do cho giáo viên Mỹ Marc Fogel.",
             "c2": " date 2025-02-13\nNga và Mỹ đã trao đổi tù nhân hôm 11/2."}
    rows = dict(_build_query(tmp_path, texts, "SELECT doc_id, event_id FROM event_mentions WHERE event_id IN "
                                              "(SELECT id FROM events WHERE type = 'COOPERATE')"))
    assert set(rows) == {"c1", "c2"} and rows["c1"] == rows["c2"], rows


@pytest.mark.parametrize("text, expected", [
    ("Ngày 11/2, Đặc phái viên Steve Witkoff bay tới Moskva để đón một công dân Mỹ.", [("CONSULT", "2025-02-11")]),
    ("Ngày 11/2, chiếc máy bay tới Moskva đã phải hạ cánh khẩn cấp.", []),
    ("Ngày 11/2, trực thăng bay tới gần biên giới.", []),
])
def test_flying_to_a_place_is_a_visit(text, expected):
    """'flew to Moscow' is a visit; 'the plane to Moscow' and flying 'near' somewhere are not."""
    assert [(e.label, e.value) for e in events(text, "2025-02-12")] == expected


@pytest.mark.parametrize("text, expected", [
    ("Ngày 22/1, ông Trump đe dọa áp thuế cao, thuế quan và các lệnh trừng phạt đối với hàng hóa Nga.",
     [("THREATEN", "2025-01-22")]),
    ("Ngày 22/1, ông Trump đe dọa Nga, và Bộ Tài chính Mỹ áp lệnh trừng phạt lên hai tập đoàn dầu mỏ.",
     [("SANCTION", "2025-01-22"), ("THREATEN", "2025-01-22")]),
])
def test_what_a_threat_governs_runs_on_over_a_list(text, expected):
    """'threatened high taxes, tariffs and sanctions': the sanctions are threatened, not imposed; a
    clause of its own after the comma ('…, and the Treasury imposed sanctions') is still news."""
    assert sorted((e.label, e.value) for e in events(text, "2025-01-25")) == expected


def test_talking_with_reporters_is_no_consultation():
    """'trao đổi với' counts as talks only with a person or a title after it, not with the press."""
    assert [e.label for e in events("Ngày 19/5, ông Peskov trao đổi với phóng viên tại Moskva.", "2025-05-20")] == []


def test_the_source_a_sentence_opens_with_is_no_party():
    """'According to Italy's PM Meloni, the Vatican is ready to host the talks': Italy tells, the
    Vatican offers."""
    found = [(e.label, e.attrs["actors"]) for e in events(
        "Theo Thủ tướng Italy Giorgia Meloni, hôm 19/5 Tòa thánh Vatican sẵn lòng làm nơi tổ chức các cuộc đàm phán.",
        "2025-05-20")]
    assert found == [("SUPPORT", ["Vatican City"])], found


@pytest.mark.parametrize("text, expected", [
    ("Ngày 20/10, hai ngoại trưởng tập trung vào việc chuẩn bị cho thượng đỉnh Nga - Mỹ.", []),
    ("Ngày 20/10, Nhà Trắng cho biết hiện chưa có kế hoạch để ông Trump gặp ông Putin.", []),
    ("Ngày 20/10, Nhà Trắng cho biết có kế hoạch để ông Trump gặp ông Putin.", [("AGREE", "2025-10-20")]),
])
def test_a_plan_named_as_a_matter_or_denied_is_no_plan(text, expected):
    """'focused on the preparation for the summit' names the plan as a topic; 'no plan yet for Trump
    to meet Putin' denies one; 'there is a plan for Trump to meet Putin' announces one."""
    found = sorted((e.label, e.value) for e in events(text, "2025-10-21") if e.label in ("AGREE", "CONSULT"))
    assert found == expected, found



@pytest.mark.parametrize("text, expected", [
    ('Ngày 6/8, Bộ Ngoại giao Ấn Độ gọi quyết định này là "bất công, vô lý".', [("ACCUSE", "2025-08-06")]),
    ("Ngày 6/8, ông Pistorius gọi bài phát biểu của ông Vance là không thể chấp nhận được.", [("ACCUSE", "2025-08-06")]),
    ('Ngày 6/8, ông Ushakov gọi cuộc trao đổi là "hữu ích và mang tính xây dựng".', []),
    ("Ngày 6/8, ông Rutte gọi đây là một bước đi quan trọng.", []),
    ('Ngày 6/8, ông Trump viết trên Truth Social rằng Trung Quốc đang trở nên "rất thù địch".', [("ACCUSE", "2025-08-06")]),
    ('Ngày 6/8, ông Medvedev viết rằng "mỗi tối hậu thư mới là một lời đe dọa".', [("ACCUSE", "2025-08-06")]),
    ('Ngày 6/8, ông Trump viết trên Truth Social rằng cuộc điện đàm là "rất tốt".', []),
])
def test_calling_something_by_a_condemning_word_accuses(text, expected):
    """'India called the decision "unjust and unreasonable"': an accusation that day; calling the talks
    useful is not one (events.yaml judged triggers and negative_judgement); what a post or a speaker says
    a state is or is becoming ('is becoming very hostile') is judged the same way."""
    assert [(e.label, e.value) for e in events(text, "2025-08-08") if e.label == "ACCUSE"] == expected


def test_an_agreement_and_a_plan_told_in_two_sentences_are_two_outcomes(tmp_path):
    """'the two sides agreed on banking for the missions … the second round will take place in Moscow': one
    document telling an agreement and a plan of the same day in two sentences reports two outcomes (another
    document may still call the one the other: same_mode across documents)."""
    body = ("Ngày 27/2, Nga và Mỹ tham vấn tại Istanbul. Theo phía Nga, hai bên đã thống nhất các biện pháp bảo "
            "đảm tài chính cho các phái bộ ngoại giao.\n\nCùng ngày, Bộ Ngoại giao Nga thông báo vòng tham vấn "
            "thứ hai giữa Nga và Mỹ sẽ diễn ra tại Moskva.")
    agree = sorted(e["mode"] for e in stored_events(tmp_path, body, "2025-02-28") if e["type"] == "AGREE")
    assert agree == ["agreement", "plan"], agree



@pytest.mark.parametrize("text, expected", [
    ("Ngày 14/6, ông Putin điện đàm với ông Trump để bàn về xung đột giữa Israel và Iran.", ["Russia", "United States"]),
    ("Ngày 14/6, hai nhà lãnh đạo điện đàm khi cuộc xung đột giữa Israel và Iran đang leo thang.", []),
    ("Ngày 14/6, ông Putin điện đàm với ông Trump về cách chấm dứt xung đột Nga - Ukraine.", ["Russia", "United States"]),
])
def test_the_sides_of_a_conflict_spoken_of_are_not_parties(text, expected):
    """'a call to discuss the conflict between Israel and Iran' is Russia's and the United States':
    the states right after a conflict word (events.yaml conflict_before), and the one paired with them,
    are its topic."""
    found = [e for e in events(text, "2025-06-15") if e.label == "CONSULT"]
    assert len(found) == 1 and sorted(found[0].attrs["actors"]) == expected, [e.attrs for e in found]


@pytest.mark.parametrize("text", [
    "Hai bên ký thỏa thuận. Nga và Mỹ đàm phán tại Riyadh, rồi ký kết văn kiện.",
    "Ông Lavrov hội đàm với ông Rubio;ký thỏa thuận mở lại đường bay",
])
def test_trigger_matches_of_any_window_are_those_of_scanning_it_alone(text):
    """events._Triggers scans the text once; whatever window is asked for, it gives what a scan of that
    window alone gives (a window a match crosses into or out of, or ending inside a word, is rescanned)."""
    from storyline.analyze.event_table import event_data
    from storyline.analyze.events import _Triggers
    from storyline.analyze.time_rules import lower_same_length

    trigger = event_data("vi").trigger
    low = lower_same_length(text)
    scan = _Triggers(trigger, low)
    assert len(scan.found) >= 2
    for start in range(len(low) + 1):
        for end in range(start, len(low) + 1):
            assert [m.span() for m in scan.within(start, end)] == \
                [m.span() for m in trigger.finditer(low, start, end)], (start, end)
