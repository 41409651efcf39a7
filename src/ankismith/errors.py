"""Every error a user can see: all are ``click.ClickException``, so none prints a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

import click

from ankismith.findings import Finding


class AnkismithError(click.ClickException):
    """Base of every error ankismith reports; exits 1."""

    exit_code = 1


class ContentErrors(AnkismithError):
    """Every finding of one run, reported together so authors fix them in one pass."""

    def __init__(self, findings: Sequence[Finding], summary: str | None = None) -> None:
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
