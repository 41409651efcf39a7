"""Every error a user can see: all are ``click.ClickException``, so none prints a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any, Protocol

import click

from ankismith.model import Location
from ankismith.text import one_line


class AnkismithError(click.ClickException):
    """Base of every error ankismith reports; exits 1."""

    exit_code = 1


class ContentError(AnkismithError):
    """One mistake in a content file, reported as ``path:line: message``."""

    def __init__(self, location: Location, message: str, code: str = "syntax") -> None:
        self.location = location
        self.detail = message
        self.code = code
        """Stable rule code (docs/checks.md), e.g. ``missing-answer``."""
        super().__init__(f"{location}: {one_line(message)}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ContentError):
            return NotImplemented
        return (self.location, self.detail) == (other.location, other.detail)

    def __hash__(self) -> int:
        return hash((self.location, self.detail))

    def __repr__(self) -> str:
        return f"ContentError({self.message!r})"


class Located(Protocol):
    """Anything reported at a place: a ContentError, a warning, a diagnostic."""

    @property
    def location(self) -> Location:
        """Where it is."""


class ContentErrors(AnkismithError):
    """Every finding of one run, reported together so authors fix them in one pass."""

    def __init__(self, findings: Sequence[Located], summary: str | None = None) -> None:
        self.findings = tuple(sorted(findings, key=lambda f: (f.location.sort_key, str(f))))
        count = len(self.findings)
        lines = [str(f) for f in self.findings]
        lines.append(summary or f"{count} error{'s' if count != 1 else ''}; nothing was written.")
        super().__init__("\n".join(lines))

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the findings alone, one per line, without Click's ``Error:`` prefix."""
        click.echo(self.message, file=file, err=file is None)


class BuildError(AnkismithError):
    """A failure outside the content: a missing directory, an unwritable output path."""


class VerifyError(AnkismithError):
    """``ankismith verify`` found something that would hurt learners."""


class PackageError(AnkismithError):
    """A package that cannot be read safely, reported as ``path: message``."""

    def __init__(self, path: object, message: str) -> None:
        super().__init__(f"{path}: {message}")


class GuardError(AnkismithError):
    """The release guard found a change that would strand learners."""
