"""The one hierarchy of errors raised by detente.

Every error carries a message fit to show a user on one line; readers add the
input they failed on (file, line or record) so that the message names it.
"""

from __future__ import annotations


class DetenteError(Exception):
    """Base class of every error detente raises on purpose."""


class ConfigError(DetenteError):
    """A setting is missing or has a value detente cannot use."""


class InputError(DetenteError):
    """An input item (file, line, record) cannot be read as an article.

    Attributes:
        source: what was being read (a path, ``path:line`` or a URL).
        reason: a short machine-friendly reason used to count failures.
    """

    def __init__(self, source: str, reason: str, detail: str = "") -> None:
        self.source = source
        self.reason = reason
        self.detail = detail
        message = f"{source}: {reason}"
        if detail:
            message += f" ({detail})"
        super().__init__(message)


class NotAnArticle(InputError):
    """An input item skipped on purpose because it is not an article (not a failure).

    A WARC request or metadata record, an image, a redirect. Its ``reason`` is
    always ``"not an article"``; ``detail`` says what it was.
    """

    def __init__(self, source: str, detail: str) -> None:
        super().__init__(source, "not an article", detail)


class StoreError(DetenteError):
    """The store cannot be opened, migrated or written."""


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""


class ModelError(DetenteError):
    """The spaCy model cannot be loaded."""


class DataFileError(DetenteError):
    """A bundled or user-supplied data file is malformed."""


class NotFoundError(DetenteError):
    """A record asked for by id does not exist."""
