"""Issues as ``gh issue list --json number,title,body,url,state`` prints them; their cards.

The card an issue names: the issue form's "Card id" field, the link's prefilled body, or the
title's ``[id]``; and the note GUID the link wrote, for a card whose id changed since.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import msgspec

from ankismith.errors import BuildError
from ankismith.limits import ISSUES_BYTES

_FORM_ID = re.compile(r"^###\s*Card id\s*\n+\s*`?([^\s`]+)`?\s*$", re.M | re.I)
_BODY_ID = re.compile(r"\*\*Card:\*\*\s*`([^`\s]+)`")
_TITLE_ID = re.compile(r"^\s*\[([^\]\s]+)\]")
_GUID = re.compile(r"GUID:[ \t]*(`+)[ \t]?([^\s]+?)[ \t]?\1(?!`)")
"""The GUID as the link writes it, a code span fenced past the backticks it may hold."""
_NO_ANSWER = "_No response_"
"""What GitHub writes for a form field left empty."""


class Issue(msgspec.Struct, frozen=True):
    """One issue of the export."""

    number: int
    """The issue's number (#12)."""
    title: str
    """Its title."""
    body: str
    """Its text (Markdown)."""
    url: str
    """Its page."""
    state: str
    """``OPEN`` or ``CLOSED``, as gh prints it."""

    @property
    def card_id(self) -> str:
        """Return the id of the card the issue reports, or ''."""
        for pattern, text in (
            (_FORM_ID, self.body),
            (_BODY_ID, self.body),
            (_TITLE_ID, self.title),
        ):
            if (found := pattern.search(text)) and found.group(1) != _NO_ANSWER:
                return found.group(1)
        return ""

    @property
    def guid(self) -> str:
        """Return the note GUID the report's link wrote into it, or ''."""
        found = _GUID.search(self.body)
        return found.group(2) if found else ""


def _issue(item: object, where: str) -> Issue:
    if not isinstance(item, dict):
        raise BuildError(f"{where}: each issue must be an object, as gh prints it")
    number, title = item.get("number"), item.get("title")
    if not isinstance(number, int) or not isinstance(title, str):
        raise BuildError(
            f"{where}: an issue needs 'number' and 'title': "
            "run gh issue list --json number,title,body,url,state"
        )
    body, url, state = item.get("body") or "", item.get("url") or "", item.get("state") or "OPEN"
    return Issue(number, title, str(body), str(url), str(state).upper())


def read_issues(path: Path) -> tuple[Issue, ...]:
    """Return the issues of a gh export; BuildError for a file that is not one."""
    try:
        if path.stat().st_size > ISSUES_BYTES:
            raise BuildError(f"{path}: larger than {ISSUES_BYTES // 2**20} MiB: not a gh export")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BuildError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BuildError(f"{path}: not the JSON gh prints: {exc}") from None
    if not isinstance(data, list):
        raise BuildError(f"{path}: expected a list of issues, as gh issue list --json prints")
    return tuple(_issue(item, f"{path}: item {n}") for n, item in enumerate(data, 1))
