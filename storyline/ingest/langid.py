"""Language identification restricted to the languages storyline supports (langdetect profiles)."""
from __future__ import annotations

import functools
import os
import re

_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")


@functools.lru_cache(maxsize=8)
def _factory(languages: tuple[str, ...]):
    """A detector factory holding only our languages' profiles (loaded once per process)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    profiles = []
    for code in languages:
        with open(os.path.join(PROFILES_DIRECTORY, code), encoding="utf-8") as fh:
            profiles.append(fh.read())
    if len(profiles) == 1:  # langdetect needs two profiles; a lone language is always itself
        return None
    factory = DetectorFactory()
    factory.load_json_profile(profiles)
    factory.seed = 0
    return factory


@functools.lru_cache(maxsize=8)
def _distinctive(languages: tuple[str, ...]) -> list[tuple[str, "re.Pattern[str]", float]]:
    """(code, distinctive-letter pattern, letters per word) for languages that declare letters."""
    from storyline import lang as langdata

    out = []
    for code in languages:
        try:
            data = langdata.load(code, "langid")
        except langdata.LanguageDataError:
            continue
        letters = re.escape(data["distinctive_letters"])
        out.append((code, re.compile(f"[{letters}]"), float(data["min_share"])))
    return out


def identify(text: str, languages: tuple[str, ...], max_chars: int = 600) -> tuple[str, float]:
    """(code, probability) among `languages`; 'und' when the text has too few Latin letters."""
    sample = text[:max_chars]
    letters = sum(map(len, _LETTERS.findall(sample)))
    if letters < 20:
        return "und", 0.0
    if sum(map(len, _LATIN.findall(sample))) < 0.5 * letters:
        return "und", 0.0
    words = max(1, len(sample.split()))
    for code, pattern, share in _distinctive(tuple(languages)):
        hits = len(pattern.findall(sample))
        if hits >= share * words:
            return code, round(min(1.0, 0.9 + hits / words / 10), 4)
    factory = _factory(tuple(languages))
    if factory is None:
        return languages[0], 1.0
    from langdetect.lang_detect_exception import LangDetectException

    detector = factory.create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "und", 0.0
    return best.lang, round(float(best.prob), 4)
