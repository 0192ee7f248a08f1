"""One typed, keyword-only settings object shared by the CLI, the API and batch mode."""
from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Every knob in one place, with defaults a first-time user can live with."""

    db: str = "storyline.db"
    workers: int = 1
    engine: str = "local"
    batch_size: int = 200
    strict: bool = False
    lang: str = "vi"
    components: tuple[str, ...] | None = None  # None: analyze/components.py DEFAULT
    languages: tuple[str, ...] = ("vi", "en")
    max_file_bytes: int = 20 * 1024 * 1024
    max_record_bytes: int = 5 * 1024 * 1024
    min_html_words: int = 12
    langid_chars: int = 300
    num_perm: int = 64
    lsh_bands: int = 16
    near_dup_threshold: float = 0.8
    shingle_size: int = 3
    extensions: tuple[str, ...] = field(default=(".txt", ".jsonl", ".html", ".htm"))
    ray_address: str | None = None  # --engine ray: a cluster address; None starts a local Ray
    ray_window: int = 10  # --engine ray: batches analyzed per Ray Data job
    stage_times: bool = False  # time each build stage (bench/run.py); BuildReport.stages

    def with_(self, **changes) -> "Settings":
        """A copy with some fields changed (settings are immutable)."""
        return replace(self, **changes)
