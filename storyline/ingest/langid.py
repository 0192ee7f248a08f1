"""Language identification restricted to the languages storyline supports (langdetect profiles)."""
from __future__ import annotations

import functools
import os
import re

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


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


def identify(text: str, languages: tuple[str, ...], max_chars: int = 600) -> tuple[str, float]:
    """(code, probability) among `languages`; 'und' when the text has too few Latin letters."""
    sample = text[:max_chars]
    letters = _LETTERS.findall(sample)
    if len(letters) < 20:
        return "und", 0.0
    latin = sum(1 for ch in letters if _LATIN.match(ch))
    if latin < 0.5 * len(letters):
        return "und", 0.0
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
