"""Every error a user can see: all are ``click.ClickException``, so none prints a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

import click

from ankismith.model import Location


class AnkismithError(click.ClickException):
    """Base of every error ankismith reports; exits 1."""

    exit_code = 1


class ContentError(AnkismithError):
    """One mistake in a content file, reported as ``path:line: message``."""

    def __init__(self, location: Location, message: str) -> None:
        self.location = location
        self.detail = message
        super().__init__(f"{location}: {message}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ContentError):
            return NotImplemented
        return (self.location, self.detail) == (other.location, other.detail)

    def __hash__(self) -> int:
        return hash((self.location, self.detail))

    def __repr__(self) -> str:
        return f"ContentError({self.message!r})"


class ContentErrors(AnkismithError):
    """Every content error of one run, reported together so authors fix them in one pass."""

    def __init__(self, errors: Sequence[ContentError]) -> None:
        self.errors = tuple(sorted(errors, key=lambda e: (e.location.sort_key, e.detail)))
        count = len(self.errors)
        lines = [e.message for e in self.errors]
        lines.append(f"{count} error{'s' if count != 1 else ''}; nothing was written.")
        super().__init__("\n".join(lines))

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the errors alone, one per line, without Click's ``Error:`` prefix."""
        click.echo(self.message, file=file, err=file is None)


class BuildError(AnkismithError):
    """A failure outside the content: a missing directory, an unwritable output path."""


class VerifyError(AnkismithError):
    """``ankismith verify`` found something that would hurt learners."""
