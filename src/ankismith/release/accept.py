"""Deliberate changes: the release rules ``deck.yaml``'s ``release:`` accepts for named cards. Pure.

An acceptance names the previous release it follows (``after``). It holds only when the old
side is that release, by the git ref it was given as or the version in its deck description, so
it never carries over to the next release. ``judge`` runs the guard and sets aside the problems
accepted whole (every card they name accepted for their rule); the rest still fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import msgspec

from ankismith.apkg.contents import PackageInfo
from ankismith.parse.settings import ReleaseAcceptance
from ankismith.release.guard import guard
from ankismith.release.rules import Problem
from ankismith.text import visible_text

_VERSION = re.compile(r'class="deck-version">Version ([^<]+)</p>')


class Judged(msgspec.Struct, frozen=True):
    """The guard's verdict on a release, with what ``deck.yaml`` accepts set aside."""

    problems: tuple[Problem, ...]
    """What fails the release."""
    accepted: tuple[Problem, ...] = ()
    """What ``release:`` accepts: printed, and told to learners in the release notes."""
    notes: tuple[str, ...] = ()
    """Lines about the acceptance: void against this release, or naming what did not happen."""
    since: str = ""
    """The release the acceptance follows, when it holds."""

    @property
    def nothing_new(self) -> bool:
        """Return True when the one failure is a release that delivers nothing."""
        return [p.code for p in self.problems] == ["nothing-new"]


def _bare(name: str) -> str:
    """Return a release name as a version: tag ``v1.3`` is version ``1.3`` (``git.release_tag``)."""
    name = name.strip()
    return name[1:] if re.match(r"v\d", name) else name


def release_names(package: PackageInfo, *also: str) -> list[str]:
    """Return the names ``package`` is known by: ``also`` (a git ref, its tags) and its version."""
    versions = [
        visible_text(m.group(1))
        for _, html in package.descriptions
        for m in _VERSION.finditer(html)
    ]
    return list(dict.fromkeys(n for n in (*also, *versions) if n))


def _void(acceptance: ReleaseAcceptance, old: PackageInfo, names: list[str]) -> str | None:
    if _bare(acceptance.after) in {_bare(n) for n in names}:
        return None
    known = f"is {' or '.join(repr(n) for n in names)}" if names else "names no version"
    return (
        f"note: deck.yaml:{acceptance.line}: 'release' accepts changes in the release after "
        f"'{acceptance.after}', but the previous release ({old.path}) {known}: the acceptance "
        "is void and every rule applies. Name this release's previous one in 'after:', or "
        "remove 'release:'."
    )


def judge(
    old: PackageInfo,
    new: PackageInfo,
    acceptance: ReleaseAcceptance | None = None,
    old_names: Iterable[str] = (),
    elsewhere: Mapping[str, str] | None = None,
) -> Judged:
    """Run the release rules on ``old`` -> ``new``, setting aside what ``acceptance`` accepts.

    ``old_names`` are the names ``old`` was given by (a git ref and its tags); the version in
    its deck description counts too. ``elsewhere`` maps the GUIDs of a project's other decks,
    as of ``new``, to their deck's key.
    """
    if acceptance is None:
        return Judged(tuple(guard(old, new, elsewhere=elsewhere)))
    names = release_names(old, *old_names)
    if (void := _void(acceptance, old, names)) is not None:
        return Judged(tuple(guard(old, new, elsewhere=elsewhere)), notes=(void,))
    found = guard(old, new, frozenset(acceptance.keys("card-moved")), elsewhere)
    held = [p for p in found if p.cards and set(p.cards) <= set(acceptance.keys(p.code))]
    used = {(p.code, acceptance.keys(p.code)[card]) for p in held for card in p.cards}
    notes = tuple(
        f"note: deck.yaml:{acceptance.line}: 'release' accepts {code} for '{card}', but no "
        f"change of card '{card}' fails {code}: remove it from 'accept:'."
        for code, cards in acceptance.accept
        for card in cards
        if (code, card) not in used
    )
    problems = tuple(p for p in found if p not in held)
    return Judged(problems, tuple(held), notes, acceptance.after)
