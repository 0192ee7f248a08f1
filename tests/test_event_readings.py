"""Events: how the words around a trigger change its reading (threats on a condition, content after a
noun, announced plans, deadlines, quoted parts of a trigger) and which day an undated sentence takes."""
from __future__ import annotations

import pytest

from .conftest import analyze_events as events, stored_events


def found(text: str, published: str) -> list[tuple[str, str | None]]:
    """(type, date) of every event, the narrative date standing in for a missing one."""
    return sorted(((e.label, e.value or e.attrs.get("narrative_date")) for e in events(text, published)),
                  key=lambda e: (e[0], e[1] or ""))


def last_line(text: str, published: str) -> list[tuple[str, str | None]]:
    """(type, date) of the events told in the text's last line, in text order (the narrative date
    standing in for a missing one): what a paragraph's opening words make of its day."""
    last = text.rindex("\n")
    return [(e.label, e.value or e.attrs["narrative_date"]) for e in events(text, published) if e.start > last]


# (text, publication day, the (type, day) of every event it reports)
READINGS = [
    # an act promised on a condition is a threat ...
    ("Tổng thống Mỹ Donald Trump hôm 14/7 tuyên bố sẽ áp thuế 100% đối với Nga nếu Moskva không đạt được "
     "thỏa thuận.", "2025-07-15", [("THREATEN", "2025-07-14")]),
    # ... also when part of the trigger is scare-quoted
    ("Ông Trump hôm 14/7 tuyên bố sẽ áp \"thuế quan thứ cấp\" đối với Nga nếu Moskva không đồng ý.",
     "2025-07-15", [("THREATEN", "2025-07-14")]),
    # ... while an act only to come, with no condition, is nothing yet
    ("Hôm 14/7, Mỹ cho biết sẽ áp thuế đối với hàng hóa Nga.", "2025-07-15", []),
    # ... but a release or an easing announced as to come is a promise made that day
    ("Hôm 11/2, ông Witkoff cho biết Mỹ sẽ trả tự do cho một công dân Nga.", "2025-02-12", [("AGREE", "2025-02-11")]),
    # what a state must agree to before a set day is an ultimatum; what it must do, with no day, is nothing
    ("Hôm 29/7, ông Trump xác định Moskva phải đạt thỏa thuận ngừng bắn trước ngày 8/8.", "2025-07-30",
     [("THREATEN", "2025-07-29")]),
    ("Hôm 29/7, ông Trump nói Moskva phải đạt thỏa thuận ngừng bắn.", "2025-07-30", []),
    # what an agreement holds may be still to come ('a deal under which the US will sell…'): the
    # agreement is announced all the same
    ("Hôm 14/7, hai bên công bố thỏa thuận theo đó Mỹ sẽ bán vũ khí cho châu Âu.", "2025-07-15",
     [("AGREE", "2025-07-14")]),
    # a meeting announced as to come is a plan; one only spoken of is nothing
    ("Tối 8/8, ông Trump thông báo cuộc gặp với ông Putin sẽ diễn ra tại Alaska.", "2025-08-09",
     [("AGREE", "2025-08-08")]),
    ('Tối 8/8, ông Trump thông báo cuộc gặp "rất được mong đợi" với ông Putin sẽ diễn ra vào thứ Sáu tuần tới.',
     "2025-08-09", [("AGREE", "2025-08-08")]),
    ("Tối 8/8, ông Trump nói cuộc gặp với ông Putin sẽ khó khăn.", "2025-08-09", []),
    # a meeting said to take place somewhere is a plan told, whoever tells it, however long its noun phrase
    # ('directly' is no 'receive': 'trực tiếp' holds the word of 'tiếp Tổng thư ký NATO')
    # handing the other side a memorandum or a plan puts a proposal to it; handing over anything else does not
    ("Ngày 2/6, phía Nga chuyển cho Ukraine một bản ghi nhớ nêu các điều kiện ngừng bắn.", "2025-06-04",
     [("REQUEST", "2025-06-02")]),
    ("Bản kế hoạch được ông Driscoll trao cho ông Zelensky tại Kiev hôm 2/6.", "2025-06-04", [("REQUEST", "2025-06-02")]),
    ("Ngày 2/6, Mỹ chuyển cho Ukraine thêm một lô khí tài.", "2025-06-04", []),
    ("Ngày 2/6, ông Zelensky gửi cho binh sĩ lời chúc mừng năm mới.", "2025-06-04", []),
    # closing a mission's compound is a confiscation; closing shops or calling in loans is nothing
    ("Ngày 29/12/2016, Mỹ đóng cửa hai khu nghỉ dưỡng của Nga ở bang Maryland.", "2025-04-09",
     [("SANCTION", "2016-12-29")]),
    ("Ngày 29/12/2016, thành phố đóng cửa các cửa hàng vì bão tuyết.", "2025-04-09", []),
    ("Ngày 29/12/2016, ngân hàng thu hồi các khoản vay quá hạn.", "2025-04-09", []),
    # a plan that stands ('is expected to', 'according to the plan') was made on no day the text names
    ("Hôm 17/10, ông Zelensky tới Nhà Trắng.\nNgoại trưởng Rubio và Ngoại trưởng Lavrov dự kiến sẽ gặp nhau tại Budapest.",
     "2025-10-18", [("AGREE", None), ("CONSULT", "2025-10-17")]),
    ('Tối 8/8, ông Trump nói cuộc gặp "rất được mong đợi" với ông Putin sẽ diễn ra vào thứ Sáu tuần tới.',
     "2025-08-09", [("AGREE", "2025-08-08")]),
    ("Hôm 12/2, ông Trump nói cuộc gặp trực tiếp đầu tiên với ông Putin nhiều khả năng sẽ diễn ra tại Ả Rập Saudi.",
     "2025-02-13", [("AGREE", "2025-02-12")]),
    # a person going to a country or a city visits it, going there later is a plan; goods and flights
    # going somewhere visit nothing
    ("Ông Dmitriev tới Mỹ hôm 24/10, hai ngày sau khi Mỹ áp lệnh trừng phạt lên Rosneft.", "2025-10-26",
     [("CONSULT", "2025-10-24"), ("SANCTION", "2025-10-22")]),
    ("Hôm 30/10, ông Trump nói ông sẽ tới Trung Quốc vào tháng 4.", "2025-10-31", [("AGREE", "2025-10-30")]),
    ("Năm 2023, ông Petrov xuất khẩu linh kiện vi điện tử sang Nga.", "2025-04-11", []),
    ("Trước năm 2022, Aeroflot khai thác các chuyến bay thẳng từ Moskva tới New York.", "2025-04-11", []),
    ("Hôm 9/8, ông Ushakov nói việc phái đoàn Nga bay qua eo biển Bering để tới Alaska là hợp lý.", "2025-08-10", []),
    # an attack with a weapon named is a strike, dated by the day it is told relative to; an offensive
    # weapon, or waves of strikes one after another, are no one day's strike
    ("Phái đoàn Nga và Ukraine gặp nhau tại Istanbul hôm 2/6. Cuộc gặp diễn ra chỉ một ngày sau khi Ukraine "
     "dùng máy bay không người lái tấn công nhiều sân bay quân sự của Nga.", "2025-06-03",
     [("ASSAULT", "2025-06-01"), ("CONSULT", None), ("CONSULT", "2025-06-02")]),  # (the meeting retold: no day)
    ("Hôm 2/6, ông Putin nói Nga sẽ phát triển thêm vũ khí tấn công chiến lược.", "2025-06-03", []),
    ("Hôm 10/7, Nga liên tiếp tiến hành các đợt tập kích bằng máy bay không người lái nhằm vào Ukraine.",
     "2025-07-11", []),
    # a text said to serve as a basis for a settlement is backed; a building used as a base is not
    ('Hôm 21/11, ông Putin cho rằng văn bản của Mỹ "có thể được dùng làm cơ sở" cho một giải pháp hòa bình.',
     "2025-11-22", [("SUPPORT", "2025-11-21")]),
    ("Hôm 21/11, tòa nhà cũ được dùng làm cơ sở đào tạo của hãng.", "2025-11-22", []),
    # declaring a truce is a retreat
    ("Hôm 19/4, ông Putin tuyên bố ngừng bắn nhân dịp lễ Phục sinh.", "2025-05-01", [("RETREAT", "2025-04-19")]),
    # weeks of talks before the signing are a process, not talks held that day
    ("Mỹ và Ukraine đã ký thỏa thuận về khoáng sản tại Washington hôm 30/4, sau nhiều tuần đàm phán căng thẳng.",
     "2025-05-01", [("AGREE", "2025-04-30")]),
    # a signing that stalled did not happen
    ("Hôm 28/2, việc ký kết bị đình trệ sau cuộc gặp căng thẳng tại Phòng Bầu dục.", "2025-05-01",
     [("CONSULT", "2025-02-28")]),
]


@pytest.mark.parametrize("text, published, expected", READINGS, ids=[r[0][:40] for r in READINGS])
def test_readings(text, published, expected):
    assert found(text, published) == expected


def test_a_scare_quoted_word_inside_a_trigger_still_makes_it():
    """'công bố mức thuế "đối ứng"': the quotation marks are read as spaces when triggers are matched."""
    got = [(e.label, e.attrs["mode"]) for e in events('Hôm 2/4, ông Trump công bố mức thuế "đối ứng" với nhiều nước.',
                                                      "2025-04-04")]
    assert ("SANCTION", "tariffs") in got, got


def test_a_deadline_is_not_the_day_of_the_threat_and_earlier_is_no_day_of_the_paragraph():
    """'Earlier, Trump set a deadline of 8/8 for Russia …, or it would face new sanctions': the threat
    was made on some earlier day, neither on the deadline nor on the day the paragraph speaks of."""
    text = ("Ông Witkoff gặp ông Putin tại Moskva ngày 6/8. Trước đó, ông Trump đặt hạn chót ngày 8/8 để Nga "
            "ngừng bắn, nếu không sẽ đối mặt với các biện pháp trừng phạt mới.")
    assert [e for e in found(text, "2025-08-09") if e[0] == "THREATEN" and e[1]] == []


def test_meanwhile_goes_on_with_the_day_just_told():
    """'Meanwhile, Medvedev wrote …' in a paragraph of its own takes the day of the paragraph before,
    not the day the story opened with."""
    text = ("Ông Trump hôm 14/7 đe dọa áp thuế đối với Nga.\n"
            "Hôm nay (15/7), ông Peskov nói Moskva cần thời gian để phân tích.\n"
            "Trong khi đó, ông Medvedev viết trên mạng xã hội rằng Moskva không bận tâm.")
    told = last_line(text, "2025-07-15")
    assert told and {day for _type, day in told} == {"2025-07-15"}, told


def test_also_goes_on_with_the_day_just_told():
    """'He also proposed …' in a paragraph with no day of its own goes on with what the paragraph
    before told (the talks of 3/4), not with the day the story opened with (the arrival of 2/4)."""
    text = ("Ông Dmitriev tới Mỹ hôm 2/4.\n"
            "Sau cuộc gặp với ông Witkoff hôm qua (3/4), ông Dmitriev nói các cuộc trao đổi rất xây dựng.\n"
            '"Chúng tôi thấy rõ thiện chí của Mỹ", ông Dmitriev cho biết. '
            "Ông cũng đề xuất hai nước hợp tác khai thác tài nguyên ở Bắc Cực.")
    assert last_line(text, "2025-04-04") == [("REQUEST", "2025-04-03")]


def test_the_outcome_opener_goes_on_with_the_day_just_told():
    """'The clearest outcome was a swap of 1,000 for 1,000' in a paragraph of its own is the outcome of
    the talks the paragraph before told (16/5), not of the call the story opened with (19/5)."""
    text = ("Ông Trump và ông Putin điện đàm hôm 19/5.\n"
            "Cuộc gặp giữa hai phái đoàn Nga và Ukraine diễn ra hôm 16/5 tại Istanbul.\n"
            "Kết quả rõ ràng nhất là thỏa thuận trao đổi 1.000 tù binh đổi 1.000 tù binh.")
    assert last_line(text, "2025-05-20") == [("AGREE", "2025-05-16")]


@pytest.mark.parametrize("body, expected", [
    # two sides' proposals of one day are two proposals ...
    ("Vòng đàm phán giữa Nga và Ukraine diễn ra tại Istanbul tối 23/7.\n"
     "Phía Nga đề xuất các đợt ngừng bắn ngắn để thu gom thương binh.\n"
     "Trưởng đoàn Ukraine Rustem Umerov cho biết Kiev đã đề xuất tổ chức cuộc gặp giữa hai tổng thống.", 2),
    # ... and 'in addition, Moscow proposed' opening a sentence is one more
    ("Vòng đàm phán giữa Nga và Ukraine diễn ra tại Istanbul tối 23/7.\n"
     "Phía Nga đề xuất các đợt ngừng bắn ngắn để thu gom thương binh.\n"
     "Ngoài ra, Moskva đề nghị thành lập ba nhóm công tác.", 2),
    # a proposal named again as Russia's, or as a topic, is the one told before
    ("Tại cuộc tham vấn ở Istanbul hôm 27/2, phía Nga đã đề xuất nối lại các chuyến bay thẳng với Mỹ.\n"
     "Phía Mỹ chưa đưa ra phản hồi chính thức về đề xuất của Nga.", 1),
])
def test_one_document_s_proposals_by_two_sides_are_two(tmp_path, body, expected):
    got = [e for e in stored_events(tmp_path, body, "2025-07-24") if e["type"] == "REQUEST"]
    assert len({e["id"] for e in got}) == expected, got


def test_the_scene_a_meeting_took_place_in_names_no_party_of_it():
    """'The meeting in Kuala Lumpur took place as Russia kept striking Ukraine': Russia and Ukraine did
    not meet; the sentence retells the day's meeting and names none of its parties."""
    text = ("Ngoại trưởng Mỹ Marco Rubio và Ngoại trưởng Nga Sergei Lavrov gặp nhau tại Kuala Lumpur hôm 10/7.\n"
            "Cuộc gặp ở Kuala Lumpur diễn ra khi Nga liên tiếp tập kích Ukraine.")
    meetings = [e for e in events(text, "2025-07-11") if e.label == "CONSULT"]
    assert [e.attrs["actors"] for e in meetings][-1] == [], [(e.attrs["actors"]) for e in meetings]


def test_a_meeting_noun_naming_one_state_is_the_day_s_one_meeting(tmp_path):
    """'Turkey's foreign minister, who chaired the meeting, called on both sides…': the meeting is the
    day's Russia-Ukraine round, not a second meeting of Turkey's."""
    body = ("Vòng đàm phán trực tiếp giữa Nga và Ukraine diễn ra tại Istanbul tối 23/7.\n"
            "Ngoại trưởng Thổ Nhĩ Kỳ Hakan Fidan, người chủ trì cuộc gặp, kêu gọi hai bên tiếp tục đối thoại.")
    meetings = [e for e in stored_events(tmp_path, body, "2025-07-24") if e["type"] == "CONSULT"]
    assert len(meetings) == 1, meetings


def test_an_event_setting_the_scene_takes_the_states_of_its_own_clause():
    """'Right after the call with Putin, Trump briefed Ukraine's President Zelensky': the call of the
    'after' clause was with Russia; Ukraine is who was briefed."""
    text = ("Ngày 19/5, ngay sau khi kết thúc cuộc gọi với Tổng thống Nga Vladimir Putin, ông Trump đã thông báo "
            "kết quả cho Tổng thống Ukraine Volodymyr Zelensky.")
    calls = [e for e in events(text, "2025-05-20") if e.label == "CONSULT"]
    assert calls and all("Ukraine" not in e.attrs["actors"] for e in calls), [e.attrs for e in calls]


def test_a_week_after_publication_dates_no_plan():
    """'will meet next week', said on a Saturday: the coming week is not when anything happened, not
    even by the month holding it."""
    text = "Hôm nay, Ngoại trưởng Mỹ Marco Rubio và Ngoại trưởng Nga Sergei Lavrov dự kiến sẽ gặp nhau trong tuần tới."
    assert [e for e in found(text, "2025-10-18") if e[1] and e[1].startswith("2025-10") and len(e[1]) == 7] == []


def test_visiting_family_is_no_visit():
    assert [e for e in found("Bà Karelina bị bắt ở Yekaterinburg vào tháng 1/2024 khi về thăm gia đình.",
                             "2025-04-11") if e[0] == "CONSULT"] == []


def test_the_parts_of_a_happening_named_as_the_topic_take_its_day():
    """'As for the prisoner swap, Russia freed Karelina': the release is the swap's half, on the swap's
    day, not on the day the story opened with."""
    text = ("Ông Witkoff gặp ông Putin tại St. Petersburg ngày 11/4, một ngày sau khi Nga và Mỹ hoàn tất "
            "cuộc trao đổi tù nhân tại Abu Dhabi hôm 10/4.\n"
            "Về cuộc trao đổi tù nhân, Nga đã thả Ksenia Karelina.")
    told = last_line(text, "2025-04-12")
    assert told == [("COOPERATE", "2025-04-10")], told


def test_what_follows_a_happening_pointed_back_to_takes_its_day():
    """'After that call, the two leaders agreed to meet in Budapest': agreed on the call's day, not on
    the day of the meeting told in between."""
    text = ("Hôm 17/10, ông Trump tiếp Tổng thống Ukraine Volodymyr Zelensky tại Nhà Trắng.\n"
            "Tổng thống Mỹ Donald Trump đã điện đàm với Tổng thống Nga Vladimir Putin hôm 16/10.\n"
            "Hôm 17/10, ông Trump cũng gặp các nghị sĩ tại Nhà Trắng.\n"
            "Sau cuộc điện đàm đó, hai nhà lãnh đạo nhất trí sẽ gặp nhau tại Budapest.")
    told = set(last_line(text, "2025-10-18"))
    assert told == {("AGREE", "2025-10-16")}, told


@pytest.mark.parametrize("text", [
    "Ngày 25/4, hai bên thảo luận khả năng nối lại đàm phán trực tiếp giữa Nga và Ukraine.",
    "Ngày 25/4, Nga và Mỹ bàn về khả năng tổ chức cuộc gặp thượng đỉnh.",
])
def test_a_trigger_a_few_words_after_a_topic_word_is_what_the_topic_is_about(text):
    """'discussed the possibility of resuming direct talks': no talks were held."""
    assert [e for e in found(text, "2025-04-26") if e[0] == "CONSULT"] == []


@pytest.mark.parametrize("text, expected", [
    ("Ngày 29/7, ông Trump xác định Moskva phải đạt thỏa thuận ngừng bắn trước ngày 8/8.", []),
    ("Ngày 29/7, hai bên đã phải nhất trí hoãn vòng đàm phán.", [("AGREE", "2025-07-29")]),
])
def test_what_must_be_agreed_is_not_agreed(text, expected):
    """'Moscow must reach a ceasefire deal by 8/8' reports no agreement; 'had to' reports what was done."""
    assert [e for e in found(text, "2025-08-02") if e[0] in ("AGREE", "CONSULT")] == expected


def test_a_meeting_told_with_a_list_of_dates_is_one_meeting_per_date():
    """'met Putin in Moscow in February and March, and in St. Petersburg on 11/4': three meetings, the
    last one in St. Petersburg; a single date stays one meeting."""
    text = "Trước đó, ông Witkoff từng gặp ông Putin tại Moskva hồi tháng 2 và tháng 3, và tại St. Petersburg hôm 11/4."
    got = sorted((e.value, e.attrs["location"]) for e in events(text, "2025-04-26") if e.label == "CONSULT")
    assert got == [("2025-02", "Moscow"), ("2025-03", "Moscow"), ("2025-04-11", "Saint Petersburg")], got
    one = [e for e in events("Ông Witkoff gặp ông Putin tại Moskva hôm 11/4.", "2025-04-26") if e.label == "CONSULT"]
    assert len(one) == 1, one


@pytest.mark.parametrize("text, expected", [
    # 'two days after the call between Trump and Putin': the call was two days before the meeting ...
    ("Ông Vance gặp ông Zelensky tại Munich hôm 14/2, hai ngày sau cuộc điện đàm giữa Tổng thống Donald Trump "
     "và Tổng thống Nga Vladimir Putin.", {("CONSULT", "2025-02-14"), ("CONSULT", "2025-02-12")}),
    # ... but 'a week before that' is no count back to a trigger right after it
    ("Ngày 30/11, hai bên gặp nhau tại Florida. Một tuần trước đó, các quan chức Mỹ và Ukraine cũng đàm phán "
     "tại Geneva.", {("CONSULT", "2025-11-30"), ("CONSULT", "2025-11-23")}),
])
def test_a_count_of_days_before_a_noun_trigger_dates_it(text, expected):
    assert set(found(text, "2025-12-03")) == expected


def test_after_the_meeting_opening_a_sentence_names_the_meeting_just_told():
    """'After the meeting, Zelensky said Ukraine needs guarantees before sitting down with Moscow': no
    second meeting, and none with Russia."""
    text = ("Phó Tổng thống Mỹ JD Vance đã gặp Tổng thống Ukraine Volodymyr Zelensky tại Munich hôm 14/2.\n"
            "Sau cuộc gặp, ông Zelensky cho biết Ukraine cần bảo đảm an ninh trước khi ngồi vào bàn đàm phán "
            "với Moskva.")
    dated = [e for e in events(text, "2025-02-16") if e.label == "CONSULT" and (e.value or e.attrs["narrative_date"])]
    assert [e.attrs["actors"] for e in dated] == [["United States", "Ukraine"]], [e.attrs for e in dated]


def test_a_speech_yields_to_what_was_said_in_it():
    """'in his speech at the conference, Vance criticised…': the criticism is the news."""
    got = found('Hôm 14/2, trong bài phát biểu tại hội nghị, ông Vance chỉ trích các nước châu Âu.', "2025-02-16")
    assert got == [("ACCUSE", "2025-02-14")], got


def test_at_that_time_goes_on_with_the_day_just_told():
    text = ("Ngày 28/4, Điện Kremlin thông báo ông Putin ra lệnh ngừng bắn trong ba ngày.\n"
            "Hôm 19/4, ông Putin tuyên bố ngừng bắn nhân dịp lễ Phục sinh.\n"
            "Khi đó, hai bên cáo buộc lẫn nhau vi phạm lệnh ngừng bắn.")
    told = set(last_line(text, "2025-04-29"))
    assert told == {("ACCUSE", "2025-04-19")}, told


@pytest.mark.parametrize("text, actors", [
    ("Bà Karelina bị bắt ở Yekaterinburg vào tháng 1/2024.", ["Russia"]),
    ("Ông Fogel bị bắt ở Moskva vào tháng 8/2021 khi mang theo cần sa y tế từ Mỹ.", ["Russia", "United States"]),
])
def test_an_arrest_told_in_the_passive_is_by_the_state_of_its_place(text, actors):
    """'was arrested in Yekaterinburg': Russia arrested her, though the sentence names no arrester."""
    got = [e.attrs["actors"] for e in events(text, "2025-04-11") if e.label == "COERCE"]
    assert got == [actors], got
