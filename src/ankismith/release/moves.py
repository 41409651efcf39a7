"""Release rules about a card's identity and place: new GUIDs, renamed ids, moves, lost tags. Pure.

Anki finds a learner's note by GUID (derived from the deck ``id`` and the card ``id``), never
moves an existing card to another deck, and replaces a note's tags on update.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from ankismith.apkg.contents import NoteInfo, PackageInfo
from ankismith.release.diff import renamed_decks
from ankismith.release.rules import Problem, it, names
from ankismith.text import visible_text

# Fields that say what a card asks and answers; the rest may differ in a renamed card.
_ASIDE = frozenset({"Explanation", "Hint", "Source", "Id"})
# The id a card without one is built with (parse.cards.derived_id).
_DERIVED = re.compile(r"^q-[0-9a-f]{12}$")


def _common(old: PackageInfo, new: PackageInfo) -> list[tuple[NoteInfo, NoteInfo]]:
    after = {n.key: n for n in new.notes}
    return [(n, after[n.key]) for n in old.notes if n.key in after]


def new_guids(old: PackageInfo, new: PackageInfo) -> list[Problem]:
    """Report cards whose GUID changed under the same id, or the deck id when all did."""
    pairs = _common(old, new)
    changed = [(a, b) for a, b in pairs if a.guid != b.guid]
    if len(pairs) > 1 and len(changed) == len(pairs):
        return [
            Problem(
                "deck-id-changed",
                f"every card has a new GUID ({len(pairs)} of {len(pairs)}): the deck 'id' in "
                "deck.yaml changed. Learners get every card again as a new card at 0 reviews, "
                "beside the old ones with their history. Restore the released 'id'.",
            )
        ]
    return [
        Problem(
            "new-guid",
            f"card '{a.key}' has a new GUID ({a.guid!r} -> {b.guid!r}): learners get a second "
            "copy with no review history, beside the old card. Keep the card's id and the 'id' "
            "in deck.yaml as they were released.",
            (a.key,),
            f"Card '{a.key}' arrives again as a new card; your copy keeps its review history "
            "beside it: delete the one you do not want.",
        )
        for a, b in changed
    ]


def _asked(note: NoteInfo) -> tuple[str, ...]:
    return tuple(visible_text(v) for name, v in note.fields if name not in _ASIDE)


def _replaced(old: str, new: str) -> str:
    return (
        f"Card '{new}' replaces '{old}': it arrives as a new card, and your copy of '{old}' "
        "stays with its review history: delete the one you do not want."
    )


def renamed_ids(old: PackageInfo, new: PackageInfo) -> list[Problem]:
    """Report a removed card and an added one asking the same: a renamed (or derived) id."""
    before = {n.key for n in old.notes}
    added = [n for n in new.notes if n.key not in before]
    after = {n.key for n in new.notes}
    found = []
    for gone in (n for n in old.notes if n.key not in after):
        same = next((n for n in added if _asked(n) == _asked(gone)), None)
        if same is not None and gone.key == gone.guid and same.key == same.guid:
            found.append(
                Problem(
                    "id-renamed",
                    f"card with GUID {gone.guid!r} is back under the new GUID {same.guid!r} with "
                    "the same content (a note without an Id field, such as image occlusion): its "
                    "card id or the deck's id changed, and learners get a duplicate at 0 reviews "
                    "beside the old card and its history. Give it back its released id.",
                    (same.key,),
                    _replaced(gone.guid, same.guid),
                )
            )
            continue
        if same is not None:
            found.append(
                Problem(
                    "id-renamed",
                    f"card '{gone.key}' is back under the new id '{same.key}' with the same "
                    "question and answer: learners get a duplicate at 0 reviews beside the old "
                    f"card and its history. Keep the old id: <!-- id: {gone.key} -->.",
                    (same.key,),
                    _replaced(gone.key, same.key),
                )
            )
            continue
        edited = next(
            (
                n
                for n in added
                if _DERIVED.match(gone.key)
                and _DERIVED.match(n.key)
                and _asked(n)[1:] == _asked(gone)[1:]
            ),
            None,
        )
        if edited is not None:
            found.append(
                Problem(
                    "id-renamed",
                    f"card '{gone.key}' has no id and its question was edited, so its derived "
                    f"id became '{edited.key}': learners get a duplicate at 0 reviews beside "
                    f"the old card. Give it its old id: <!-- id: {gone.key} --> (run "
                    "'ankismith ids --keep-derived' before editing such cards).",
                    (edited.key,),
                    _replaced(gone.key, edited.key),
                )
            )
    return found


def moved_cards(
    old: PackageInfo, new: PackageInfo, accepted: frozenset[str] = frozenset()
) -> list[Problem]:
    """Report cards now in another deck (a renamed deck is reported once, by the deck rule).

    Cards moving between the same two decks make one problem, the ``accepted`` ones another.
    """
    renamed = set(renamed_decks(old, new))
    moves: dict[tuple[str, str, bool], list[NoteInfo]] = defaultdict(list)
    for a, b in _common(old, new):
        if a.decks != b.decks and a.guid == b.guid:
            pair = (", ".join(a.decks), ", ".join(b.decks))
            if pair not in renamed:
                moves[(*pair, b.key in accepted)].append(b)
    return [
        Problem(
            "card-moved",
            f"{'card' if len(cards) == 1 else 'cards'} {names(cards)} moved from deck "
            f"'{source}' to '{target}': Anki never moves a card on update, so learners who have "
            f"{'it' if len(cards) == 1 else 'them'} keep {'it' if len(cards) == 1 else 'them'} "
            f"in '{source}' (only new learners find {'it' if len(cards) == 1 else 'them'} in "
            f"'{target}'). Keep the card in its old folder (or 'deck:'), or tell learners to "
            "move it (Browse > Change Deck).",
            tuple(n.key for n in cards),
            f"{'Card' if len(cards) == 1 else 'Cards'} {names(cards, most=len(cards))} moved from "
            f"deck '{source}' to '{target}'. Anki does not move a card you already have: "
            f"{it(len(cards), 'it stays', 'they stay')} in '{source}'; to follow, move "
            f"{it(len(cards))} with Browse > Change Deck.",
        )
        for (source, target, _), cards in sorted(moves.items())
    ]


def left_decks(old: PackageInfo, new: PackageInfo, elsewhere: Mapping[str, str]) -> list[Problem]:
    """Report cards of ``old`` gone from ``new`` whose GUID another deck of the project now ships.

    ``elsewhere`` maps each GUID of the project's other decks (as of ``new``) to that deck's
    key. Anki never moves an existing card: a learner of this deck keeps it here, and only an
    import of the other deck updates it (a learner without that deck gets no update again).
    """
    kept = {n.guid for n in new.notes}
    found = []
    for gone in (n for n in old.notes if n.guid not in kept and n.guid in elsewhere):
        other = elsewhere[gone.guid]
        shown = gone.key
        if gone.key == gone.guid and gone.fields:
            shown = f"{visible_text(gone.fields[0][1])}' (GUID {gone.guid!r})"
        else:
            shown += "'"
        found.append(
            Problem(
                "left-deck",
                f"card '{shown} moved to deck '{other}' of the project with its GUID: Anki "
                f"never moves a card, so learners of this deck keep it in "
                f"'{', '.join(gone.decks)}', updated only if they also import '{other}' (and "
                f"never again if they do not). Keep it in this deck, or tell learners to move "
                "it (Browse > Change Deck) and to import the other deck.",
                (gone.key,),
                f"Card '{shown} now belongs to the deck '{other}': your copy stays in "
                f"'{', '.join(gone.decks)}' and is updated only by that deck's package; move it "
                "with Browse > Change Deck if you follow both.",
            )
        )
    return found


def lost_tags(old: PackageInfo, new: PackageInfo) -> list[Problem]:
    """Report cards that moved to another file and lost tags (the old file's front matter)."""
    found = []
    for a, b in _common(old, new):
        src, dst = dict(a.fields).get("Source"), dict(b.fields).get("Source")
        lost = sorted(set(a.tags) - set(b.tags))
        if src is not None and dst is not None and src != dst and lost:
            found.append(
                Problem(
                    "tags-lost",
                    f"card '{a.key}' moved from {src} to {dst} and lost the "
                    f"{'tag' if len(lost) == 1 else 'tags'} {' '.join(lost)}: an update "
                    "replaces the learner's tags, so they lose them too. If "
                    f"{src}'s front matter gave them, add them to {dst}'s front matter or to "
                    "the card's <!-- tags: -->.",
                    (a.key,),
                    f"Card '{a.key}' no longer has the {'tag' if len(lost) == 1 else 'tags'} "
                    f"{' '.join(lost)}: your copy loses {it(len(lost))} too.",
                )
            )
    return found
