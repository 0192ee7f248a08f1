"""Cross-document event merging: blocked by (type, actor pair, month), never all-pairs.

A document's events (analyze/event_groups) join a stored event of the same type and actor pair
whose date is compatible ('2025-08' and '2025-08-15' can be one summit; two different days
cannot); otherwise they open a new event with a stable id. Every report is a row in
event_mentions (GDELT's event + mentions split), with the date and arguments that document gives.
"""
from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from typing import Callable

from storyline import jsontext, kb
from storyline.analyze.event_groups import DIRECTED, RETOLD, DocEvent, group_events, same_mode, told_as_one
from storyline.model import Document
from storyline.resolve.event_index import EventIndex, index_of
from storyline.resolve.scores import score
from storyline.store.db import Store

_SLUG = re.compile(r"[^a-z0-9]+")
_LIST_JSON = jsontext.encoder()  # json.dumps(…, ensure_ascii=False)
MAX_CANDIDATES = 64  # a lookup reads at most this many stored events, however large the store
MAX_STATES = 5       # states of a report whose pairs a lookup tries
PHONE = "phone"      # the talks mode told apart when ranking stored events (a call is not a meeting)


def slug(text: str) -> str:
    """ASCII slug ('United States' → 'united-states')."""
    flat = unicodedata.normalize("NFKD", text.replace("\u0111", "d").replace("\u0110", "D"))
    return _SLUG.sub("-", flat.encode("ascii", "ignore").decode().lower()).strip("-")


def actor_key(actors: list[str]) -> str:
    """The dyad an event is blocked on: its first two states, sorted."""
    return "|".join(sorted(actors[:2]))


@functools.lru_cache(maxsize=65536)
def _names(text: str | None) -> frozenset[str]:
    """The set a stored JSON list of names holds (candidates repeat the same few lists endlessly)."""
    return frozenset(json.loads(text or "[]"))


def _month(date: str | None) -> str:
    return (date or "")[:7]


def _compatible(a: str | None, b: str | None) -> bool:
    """Same day, or one date is the month/year holding the other."""
    if not a or not b:
        return False
    return a == b or (len(a) != len(b) and (a.startswith(b) or b.startswith(a)))


def _pairs(ev: DocEvent) -> list[str]:
    """The state pairs among a report's first MAX_STATES states, sorted."""
    return sorted({actor_key([a, b]) for a, b in itertools.combinations(ev.actors[:MAX_STATES], 2)})


def _wider(date: str) -> list[str]:
    """The year and month holding a finer date ('2025-08-15' → ['2025', '2025-08'])."""
    return [date[:n] for n in (4, 7) if n < len(date)]


def _candidates(store: Store, ev: DocEvent, same_dyad: bool) -> list[tuple]:
    """Stored events of the same type whose date can name the same happening. With same_dyad,
    those of this event's state pair: the same day, the month or year holding it, or the finer
    dates inside a month or year. Without, any pair's, on exactly this date (a report naming other
    or fewer states). Both go through an index and stay small as the store grows; a first build
    answers them from memory (event_index)."""
    idx = index_of(store)
    if idx is not None:
        return _candidates_in(idx, store, ev, same_dyad)
    date = ev.date or ""
    cols = ("SELECT id, date, actors, participants, location, num_sources, mode FROM events "
            "WHERE type = ? AND ")
    if not same_dyad:
        if len(ev.actors) < 2:
            rows = store.query(cols + "date = ? LIMIT ?", (ev.type, date, MAX_CANDIDATES))
            if len(date) < 10 and ev.location:
                # "the Alaska summit in August", no states named: the day events inside that month
                # or year at the same place (a place is what such a report can agree on); the
                # places this batch changed are written first, so the filter reads current ones
                _flush_counts(store)
                rows += store.query(cols + "date > ? AND date < ? AND location = ? LIMIT ?",
                                    (ev.type, date + "-", date + "-~", ev.location, MAX_CANDIDATES))
            return rows
        # a report naming two or more states can only be an event of at most one state, or of a
        # pair among its own states: say so in SQL, so crowded days are not read row by row
        pairs = _pairs(ev)
        return store.query(cols + "date = ? AND (actor_key NOT LIKE '%|%' OR actor_key IN ("
                           + ",".join("?" * len(pairs)) + ")) LIMIT ?",
                           (ev.type, date, *pairs, MAX_CANDIDATES))
    key = actor_key(ev.actors)
    if not key:
        return []
    wider = _wider(date)
    rows = store.query(cols + "actor_key = ? AND date IN (" + ",".join("?" * (len(wider) + 1)) + ") LIMIT ?",
                       (ev.type, key, date, *wider, MAX_CANDIDATES))
    if len(date) < 10:  # a month or a year: the finer dates inside it
        rows += store.query(cols + "actor_key = ? AND date > ? AND date < ? LIMIT ?",
                            (ev.type, key, date + "-", date + "-~", MAX_CANDIDATES))
    return rows


def _candidates_in(idx: EventIndex, store: Store, ev: DocEvent, same_dyad: bool) -> list[tuple]:
    """_candidates from a first build's in-memory index: the same rows, query by query (counts and
    place from the running tallies, which _find reads in place of the stored ones anyway)."""
    date, tallies = ev.date or "", store.memo.get("event_tally", {})
    if not same_dyad:
        if len(ev.actors) < 2:
            ids = idx.on_dates(ev.type, None, [date], MAX_CANDIDATES)
            if len(date) < 10 and ev.location:
                ids += idx.between(ev.type, None, date + "-", date + "-~", MAX_CANDIDATES,
                                   lambda e: tallies[e[1]][3] == ev.location)
        else:
            ids = idx.on_date_of_pairs(ev.type, date, _pairs(ev), MAX_CANDIDATES)
    else:
        key = actor_key(ev.actors)
        if not key:
            return []
        ids = idx.on_dates(ev.type, key, [date, *_wider(date)], MAX_CANDIDATES)
        if len(date) < 10:
            ids += idx.between(ev.type, key, date + "-", date + "-~", MAX_CANDIDATES)
    return idx.rows(ids, tallies)


def _fitter(ev: DocEvent) -> Callable[[tuple], int | None]:
    """How well a stored event (a candidate row) fits as the same happening as this report (lower is
    better), None if it cannot: a shared participant or two shared states fit best, then one side's
    states within the other's, then the same place, then a report that names too little to disagree;
    two reports naming different pairs, or states with none in common, are two happenings. What
    depends on the report alone is worked out once, not again for each of its up to 2 x MAX_CANDIDATES
    candidates."""
    any_mode, mode, here = ev.type in RETOLD, ev.mode, ev.location
    states, people_here = frozenset(ev.actors), frozenset(ev.participants)
    paired = len(states) >= 2

    def fit(row: tuple) -> int | None:
        _eid, _date, actors, participants, location, _sources, other_mode = row
        if not any_mode and not same_mode(other_mode, mode):
            return None  # expelling diplomats and closing a consulate the same day are two sanctions
        others = _names(actors)
        shared = len(states & others) if states and others else 0
        people = bool(people_here) and not people_here.isdisjoint(_names(participants))
        if paired and len(others) >= 2 and shared < 2 and not people:
            return None
        if people:
            return 0
        if shared >= 2:
            return 1
        if states and others and not shared:
            return None
        if states and others:  # one side's states within the other's
            return 2 if here in (None, location) or location is None else 3
        if here and here == location:
            return 3
        if here and location and here != location:
            # 'the summit in Anchorage' and 'the talks in Alaska': a report naming no state may name the
            # city where another named the region; places in different countries still disagree
            return 5 if _same_country(here, location) else None
        return 4  # one side names no state: nothing disagrees on this type and date

    return fit


def _same_country(a: str, b: str) -> bool:
    """Two known places of one country."""
    ea, eb = kb.get(kb.slug(a)), kb.get(kb.slug(b))
    return bool(ea and eb and ea.state and ea.state == eb.state)


def _other_source(ev: DocEvent, told: str | None) -> bool:
    """A proposal, accusation, threat or refusal this document already told was made by another state:
    the two sides' proposals of one day are two proposals, not one told twice."""
    return ev.type in DIRECTED and None not in (ev.source, told) and ev.source != told


def _find(store: Store, ev: DocEvent, key: str,
          taken: dict[str, tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """A stored event this one is a report of: first among its own state pair, else among all
    events of its type on its date; the best-fitting one, then the one at the same place, the most
    reported, the earliest id. An event this document already reported (`taken`) is open again to
    an outcome, proposal or sanction told a second time in the same mode, not to a meeting (the
    document's meetings of one day were grouped already), to one told as another ('the two sides
    also agreed…') or to another mode of it ('arrested early last year and sentenced on 15/8')."""
    # rows from SQL carry the stored counts and place, those of the in-memory index the running ones
    tallies = {} if index_of(store) is not None else store.memo.get("event_tally", {})
    fit_of, phone, here, day = _fitter(ev), ev.mode == PHONE, ev.location, ev.date
    for same_dyad in (True, False):
        best: tuple | None = None
        for row in _candidates(store, ev, same_dyad):
            eid, date = row[0], row[1]
            if eid in tallies:  # counts and place not yet written (see _count_report)
                row = (*row[:4], tallies[eid][3], tallies[eid][1], *row[6:])
            if (eid in taken and (ev.type in RETOLD or ev.additive or not told_as_one(taken[eid][0], ev.mode)
                                  or _other_source(ev, taken[eid][1]))) or not _compatible(date, day):
                continue
            fit = fit_of(row)
            if fit is None:
                continue
            # a call and a meeting in person the same day: each report's mode picks its own before any place
            rank = ((row[6] == PHONE) != phone, fit, here is None or row[4] != here, -(row[5] or 0), eid, date)
            if best is None or rank < best:
                best = rank
        if best is not None:
            return best[-2], best[-1]
    return None


def _new_id(store: Store, ev: DocEvent, key: str) -> str:
    """ev-<date>-<type>-<dyad or place>, suffixed if taken."""
    tail = slug(key.replace("|", " ")) or slug(ev.location or "") or "x"
    base = f"ev-{ev.date}-{ev.type.lower()}-{ev.mode}-{tail}"[:120]
    # probing resumes where this connection last found a free id (the memo is emptied on any
    # rollback or delete), so a crowded base is not rescanned from -2 for every new event
    resume = store.memo.setdefault("event_free_id", {})
    n = resume.get(base, 1)
    eid = base if n == 1 else f"{base}-{n}"
    idx = index_of(store)
    while (eid in idx.events) if idx is not None else store.scalar("SELECT 1 FROM events WHERE id = ?", (eid,)):
        n += 1
        eid = f"{base}-{n}"
    resume[base] = n
    return eid


def link(store: Store, doc: Document) -> None:
    """Merge this document's events into the store and record its mentions."""
    reported: dict[str, tuple[str, str | None]] = {}  # events this document has already reported (its rows
    # are new), with their mode and source
    rows: set[tuple[str, int]] = set()  # (event, sentence) of its rows: the table's unique key holds each once,
    # and a first build makes that key only at its end (schema.BULK_DEFERRED), so the check is made here
    for ev in group_events(doc):
        key = actor_key(ev.actors)
        found = _find(store, ev, key, reported)
        if found is None:
            eid = _new_id(store, ev, key)
            store.memo.setdefault("event_tally", {})[eid] = [0, 0, {}, ev.location]
            actors, participants = _LIST_JSON(ev.actors), _LIST_JSON(ev.participants)
            cur = store.execute(
                "INSERT INTO events (id, type, mode, date, location, first_doc, actor_key, block, "
                "actors, participants, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (eid, ev.type, ev.mode, ev.date, ev.location, doc.id, key,
                 f"{ev.type}|{key}|{_month(ev.date)}", actors, participants, score(ev.type, ev.mode)))
            if (idx := index_of(store)) is not None:
                idx.add(cur.lastrowid, eid, ev.type, ev.mode, ev.date, key, actors, participants)
        else:
            eid, date = found
            if len(ev.date or "") > len(date or ""):  # a more precise report refines the date
                store.execute("UPDATE events SET date = ?, block = ? WHERE id = ?",
                              (ev.date, f"{ev.type}|{key}|{_month(ev.date)}", eid))
                if (idx := index_of(store)) is not None:
                    idx.redate(eid, ev.date)
        tally = _tally(store, eid)
        s, e = ev.evidence(doc)
        sentence = next((m.sentence for m in ev.mentions if m.attrs.get("evidence") == [s, e]), -1)
        if (eid, sentence) not in rows:  # (an event told again in a sentence that reports it: one row)
            rows.add((eid, sentence))
            cur = store.execute(
                "INSERT INTO event_mentions (event_id, doc_id, sentence, start_char, end_char, confidence, "
                "doc_date, mode, location, actors, participants, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?) ON CONFLICT DO NOTHING",
                (eid, doc.id, sentence, s, e, min(1.0, 0.5 + 0.1 * len(ev.mentions)), ev.date, ev.mode,
                 ev.location, _LIST_JSON(ev.actors),
                 _LIST_JSON(ev.participants), doc.published.value))
            if cur.rowcount == 1:
                _count_report(store, tally, eid, doc.id, ev.location, eid not in reported)
        reported[eid] = (ev.mode, ev.source)


def _tally(store: Store, eid: str) -> list:
    """[mentions, sources, {place: [mentions, first doc]}, place] of an event: read from its rows
    the first time this connection meets it, then kept up to date here (no recount per report)."""
    memo = store.memo.setdefault("event_tally", {})
    tally = memo.get(eid)
    if tally is None:
        n, sources = store.query("SELECT COUNT(*), COUNT(DISTINCT doc_id) FROM event_mentions "
                                 "WHERE event_id = ?", (eid,))[0]
        places = {loc: [c, first] for loc, c, first in store.query(
            "SELECT location, COUNT(*), MIN(doc_id) FROM event_mentions WHERE event_id = ? "
            "AND location IS NOT NULL GROUP BY location", (eid,))}
        tally = memo[eid] = [n, sources, places, store.scalar("SELECT location FROM events WHERE id = ?",
                                                              (eid,))]
    return tally


def _top_place(store: Store, eid: str) -> str:
    """The place most reports of an event give (ties: the one reported first), from its rows."""
    return store.query("SELECT location FROM event_mentions WHERE event_id = ? AND location IS NOT NULL "
                       "GROUP BY location ORDER BY COUNT(*) DESC, MIN(doc_id) LIMIT 1", (eid,))[0][0]


def _count_report(store: Store, tally: list, eid: str, doc_id: str, location: str | None,
                  new_source: bool) -> None:
    """Count one new report into the event: mentions, sources and the place most reports give."""
    tally[0] += 1
    tally[1] += int(new_source)
    _pending(store).add(eid)
    if not location:
        return
    places, top = tally[2], tally[3]
    seen = places.setdefault(location, [0, doc_id])
    seen[0], seen[1] = seen[0] + 1, min(seen[1], doc_id)
    if len(places) == 1 or top == location:
        top = location
    elif top not in places:
        top = _top_place(store, eid)
    else:
        mine, theirs = (-seen[0], seen[1]), (-places[top][0], places[top][1])
        top = location if mine < theirs else top if theirs < mine else _top_place(store, eid)
    tally[3] = top


def _pending(store: Store) -> set[str]:
    """Events whose counts and place changed since the last flush: written once per batch, not once
    per report (an event reported a hundred times in a batch is one UPDATE)."""
    dirty = store.memo.setdefault("event_dirty", set())
    store.memo.setdefault("pending", {})["events"] = _flush_counts
    return dirty


def _flush_counts(store: Store) -> None:
    """Write the pending events' counts and places from their tallies."""
    dirty, tallies = store.memo.get("event_dirty", set()), store.memo.get("event_tally", {})
    rows = [(t[0], t[1], t[3], eid) for eid in sorted(dirty) if (t := tallies.get(eid))]
    dirty.clear()
    if rows:
        store.executemany("UPDATE events SET num_mentions = ?, num_sources = ?, location = ? WHERE id = ?", rows)
