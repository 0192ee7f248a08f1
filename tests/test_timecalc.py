"""Property tests for the calendar arithmetic the time normalizer rests on."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from storyline import timecalc as tc
from storyline.analyze.time_resolve import Context, resolve
from storyline.analyze.time_tagger import tag

days = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31))


@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(-400, 400))
def test_add_months_round_trips_and_stays_in_range(year, month, delta):
    y, m = tc.add_months(year, month, delta)
    assert 1 <= m <= 12
    assert (y * 12 + m - 1) - (year * 12 + month - 1) == delta
    assert tc.add_months(y, m, -delta) == (year, month)


@given(days)
def test_iso_week_value_matches_isocalendar(day):
    year, week, _ = day.isocalendar()
    assert tc.iso_week(day) == f"{year}-W{week:02d}"
    assert tc.week_of(day, 1) == tc.iso_week(day + dt.timedelta(days=7))


@given(days, st.integers(1, 7), st.integers(-3, 3))
def test_weekday_in_week_is_in_that_week(day, weekday, offset):
    d = tc.weekday_in_week(day, weekday, offset)
    assert d.isoweekday() == weekday
    assert tc.iso_week(d) == tc.week_of(day, offset)


@given(days, st.integers(1, 7))
def test_nearest_weekday_directions(day, weekday):
    back = tc.nearest_weekday(day, weekday, -1)
    ahead = tc.nearest_weekday(day, weekday, 1)
    assert back.isoweekday() == ahead.isoweekday() == weekday
    assert 0 <= (day - back).days <= 6 and 1 <= (ahead - day).days <= 7


@given(st.integers(1, 12), st.integers(1, 31), st.integers(1, 7))
def test_weekday_years_agree_with_calendar(month, day, weekday):
    for year in tc.weekday_years(month, day, weekday, 1990, 2030):
        assert dt.date(year, month, day).isoweekday() == weekday


@given(st.integers(1900, 2100))
def test_leap_day_exists_only_in_leap_years(year):
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    assert (tc.valid_date(year, 2, 29) is not None) == leap


@given(days, st.integers(1, 28), st.integers(1, 12))
def test_unyeared_day_resolves_within_a_year_of_reference(ref, day, month):
    value = resolve({"kind": "date", "day": day, "month": month}, Context(ref=ref))
    got = dt.date.fromisoformat(value)
    assert (got.month, got.day) == (month, day)
    assert abs((got - ref).days) <= 366


@given(days)
def test_weekday_given_is_respected(ref):
    target = ref + dt.timedelta(days=3)
    spec = {"kind": "date", "day": target.day, "month": target.month, "weekday": target.isoweekday()}
    got = dt.date.fromisoformat(resolve(spec, Context(ref=ref)))
    assert got.isoweekday() == target.isoweekday()


@given(days, st.integers(-2, 2))
def test_year_relative_and_quarter_values(ref, offset):
    assert resolve({"kind": "relunit", "unit": "year", "offset": offset}, Context(ref=ref)) == f"{ref.year + offset:04d}"
    q = resolve({"kind": "relunit", "unit": "quarter", "offset": 0}, Context(ref=ref))
    assert q == f"{ref.year:04d}-Q{(ref.month - 1) // 3 + 1}"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_tagger_never_raises_and_offsets_hold(text):
    for m in tag(text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.match_start <= m.start and m.end <= m.match_end
