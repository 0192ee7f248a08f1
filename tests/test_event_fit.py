"""How a stored event fits as the same happening as a new report: one case per rule of resolve.events._fitter."""
from __future__ import annotations

import json

import pytest

from storyline.analyze.event_groups import DocEvent
from storyline.resolve.events import _fitter

US, RU, UA, SA = "united-states", "russia", "ukraine", "saudi-arabia"


def _row(actors=(), participants=(), location=None, mode="meet"):
    """A candidate row as _candidates gives it: id, date, actors, participants, location, sources, mode."""
    return ("ev-x", "2025-08-15", json.dumps(list(actors)), json.dumps(list(participants)), location, 3, mode)


CASES = [
    # (report: type, mode, actors, participants, location), stored row, fit
    (("SANCTION", "expel", [US, RU], [], None), _row([US, RU], mode="close"), None),  # another mode: two sanctions
    (("CONSULT", "phone", [US, RU], [], None), _row([US, RU], mode="meet"), 1),  # talks are one whatever the mode
    (("CONSULT", "meet", [US], ["putin"], None), _row([RU, UA], ["putin"]), 0),  # a shared participant first
    (("CONSULT", "meet", [US, RU, SA], [], None), _row([RU, US]), 1),  # two shared states
    (("CONSULT", "meet", [US, RU], [], None), _row([US, UA]), None),  # two pairs: two happenings
    (("CONSULT", "meet", [US, RU], ["trump"], None), _row([US, UA], ["trump"]), 0),  # unless a person is shared
    (("CONSULT", "meet", [US], [], None), _row([RU]), None),  # states with none in common
    (("CONSULT", "meet", [US], [], None), _row([US, RU]), 2),  # one side's states within the other's
    (("CONSULT", "meet", [US], [], "Anchorage"), _row([US, RU], location="Anchorage"), 2),
    (("CONSULT", "meet", [US], [], "Anchorage"), _row([US, RU]), 2),  # the stored one names no place
    (("CONSULT", "meet", [US], [], "Anchorage"), _row([US, RU], location="Istanbul"), 3),
    (("CONSULT", "meet", [], [], "Istanbul"), _row([US, RU], location="Istanbul"), 3),  # no states, same place
    (("CONSULT", "meet", [], [], "Anchorage"), _row([US, RU], location="Alaska"), 5),  # one country's places
    (("CONSULT", "meet", [], [], "Anchorage"), _row([US, RU], location="Riyadh"), None),  # two countries'
    (("CONSULT", "meet", [], [], None), _row([US, RU], location="Riyadh"), 4),  # names too little to disagree
    (("CONSULT", "meet", [US, RU], [], None), _row([], location="Riyadh"), 4),
]


@pytest.mark.parametrize(("report", "row", "fit"), CASES)
def test_each_rule_of_the_fit(report, row, fit):
    type_, mode, actors, participants, location = report
    ev = DocEvent(type_, mode, "2025-08-15", location=location, actors=actors, participants=participants)
    assert _fitter(ev)(row) == fit


def test_one_report_is_fitted_against_many_rows_alike():
    """The fitter keeps nothing from one row to the next: the same row fits the same after any other."""
    ev = DocEvent("CONSULT", "meet", "2025-08-15", location="Anchorage", actors=[US], participants=["putin"])
    fit = _fitter(ev)
    rows = [_row([US, RU], location="Istanbul"), _row([RU, UA], ["putin"]), _row([RU]), _row([US, RU])]
    first = [fit(r) for r in rows]
    assert first == [3, 0, None, 2]
    assert [fit(r) for r in reversed(rows)] == first[::-1]
