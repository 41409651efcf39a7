"""A running Anki, through the AnkiConnect add-on: push and pull over its HTTP API.

AnkiConnect's ``importPackage`` runs ``anki.importing.AnkiPackageImporter``, which in Anki
23.10 and later is a shim over the current importer with *merge note types* and *import deck
presets* turned on, where a learner's File > Import has them off. For a package whose note
types have the same fields and templates as the author's, merging never happens and the rules
are the same (GUID match, update if newer, cards and reviews kept); so a push refuses a note
type whose fields or templates changed (there a learner gets a copy, and the author would get a
merge). Notes are read back by exporting the deck (``exportPackage``) to a temporary package:
``notesInfo`` gives no GUID. A note open in Anki's Browser would be written back by its editor
over the push, so a push refuses while the Browser has one of the deck's notes selected, and
checks after the import that every note holds what the package does.
"""

from __future__ import annotations

import json
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ankismith.apkg.contents import NoteInfo, PackageInfo
from ankismith.errors import BuildError, ContentErrors
from ankismith.model import Card
from ankismith.sync.record import Record
from ankismith.text import plural

DEFAULT_URL = "http://127.0.0.1:8765"
URL_VARIABLE = "ANKI_CONNECT_URL"
KEY_VARIABLE = "ANKI_CONNECT_KEY"
VERSION = 6
TIMEOUT = 120


class AnkiConnect:
    """One running Anki with AnkiConnect, at ``url``, with an API key when it asks for one."""

    def __init__(self, url: str, key: str | None) -> None:
        self.url = url
        self.key = key

    def call(self, action: str, **params: Any) -> Any:
        """Run one action; every failure is one line naming the URL."""
        body: dict[str, Any] = {"action": action, "version": VERSION, "params": params}
        if self.key:
            body["key"] = self.key
        request = urllib.request.Request(
            self.url, json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise BuildError(
                f"{self.url} answers HTTP {exc.code}, not as AnkiConnect; is this the URL of "
                "Anki with the AnkiConnect add-on?"
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise BuildError(
                f"{self.url}: nothing answers ({reason}); start Anki with the AnkiConnect "
                "add-on, or push with Anki closed (--collection)"
            ) from None
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or "error" not in answer:
            raise BuildError(f"{self.url} answers, but not as AnkiConnect does")
        if answer["error"] is not None:
            error = str(answer["error"])
            if "api key" in error:
                raise BuildError(
                    f"{self.url}: AnkiConnect refuses the API key in {KEY_VARIABLE}"
                    if self.key
                    else f"{self.url}: AnkiConnect wants an API key: set {KEY_VARIABLE}"
                )
            raise BuildError(f"{self.url}: AnkiConnect's {action} failed: {error}")
        return answer["result"]

    def check(self) -> None:
        """Make sure AnkiConnect answers, with an API version this client speaks."""
        version = self.call("version")
        if not isinstance(version, int) or version < VERSION:
            raise BuildError(f"{self.url}: AnkiConnect {version} is too old; version 6 is needed")

    def export(self, decks: Iterable[str]) -> tuple[dict[str, NoteInfo], PackageInfo | None]:
        """Return the notes of ``decks`` (subdecks included) by GUID, and the last package."""
        from ankismith.apkg.reader import read_package

        found: dict[str, NoteInfo] = {}
        info = None
        names = set(self.call("deckNames"))
        with tempfile.TemporaryDirectory(prefix="ankismith-pull-") as folder:
            for index, deck in enumerate(decks):
                if deck not in names:
                    continue
                path = Path(folder, f"{index}.apkg")
                if not self.call("exportPackage", deck=deck, path=str(path), includeSched=False):
                    raise BuildError(f"{self.url}: AnkiConnect could not export deck '{deck}'")
                info = read_package(path)
                found.update({note.guid: note for note in info.notes})
        return found, info


def client(url: str, environ: Mapping[str, str]) -> AnkiConnect:
    """Return the AnkiConnect at ``url`` ("" for ``ANKI_CONNECT_URL`` or the default), checked."""
    connect = AnkiConnect(
        url or environ.get(URL_VARIABLE) or DEFAULT_URL, environ.get(KEY_VARIABLE) or None
    )
    connect.check()
    return connect


def read_connect(
    url: str, environ: Mapping[str, str], guids: Iterable[str], decks: Iterable[str]
) -> dict[str, NoteInfo]:
    """Return the notes of ``decks`` a running Anki holds, by GUID."""
    del guids  # AnkiConnect cannot look a GUID up: the decks are read whole
    return client(url, environ).export(decks)[0]


def _schema_changes(ours: Iterable[Any], theirs: PackageInfo | None) -> list[str]:
    """Name each note type whose fields or templates differ from the one Anki holds."""
    held = {nt.id: nt for nt in theirs.notetypes} if theirs else {}
    changed: list[str] = []
    for notetype in ours:
        there = held.get(notetype.id)
        names = tuple(t.name for t in notetype.templates)
        if there is not None and (
            there.fields != notetype.fields or tuple(t[0] for t in there.templates) != names
        ):
            changed.append(notetype.name)
    return changed


def _missed(
    record: Record | None,
    guid: str,
    card: Card,
    names: tuple[str, ...],
    html: tuple[str, ...],
    held: NoteInfo,
) -> bool:
    """Return True when a field the Markdown changed since the last push did not reach Anki."""
    from ankismith.sync.fields import synced_fields

    base = record.notes.get(guid) if record else None
    fields = dict(held.fields)
    for synced in synced_fields(card, names):
        was = base.fields.get(synced.name) if base else None
        if was is not None and was.markdown == synced.markdown:
            continue  # unchanged here: Anki may hold it as the last pull left it
        if fields.get(synced.name) != html[synced.index]:
            return True
    return False


def push_connect(
    content_dir: Path,
    output: Path,
    environ: Mapping[str, str],
    url: str,
    shared: Path | None = None,
) -> list[str]:
    """Build ``content_dir`` and import it into the running Anki; return the lines to print.

    ``shared`` is the project's shared folder of note types and media, if any.
    """
    from ankismith.pipeline import build
    from ankismith.sync.push import (
        base_of,
        commit_of,
        compile_sides,
        edited_in_anki,
        plural_notes,
        push_environ,
    )
    from ankismith.sync.record import load_record, save_record

    connect = client(url, environ)
    record = load_record(content_dir)
    sides = compile_sides(content_dir, output, environ, shared=shared)
    deck = sides.compiled.deck
    assert deck is not None, "a compiled deck"
    before, held = connect.export([sides.root])
    if edited := edited_in_anki(record, before):
        raise BuildError(
            f"{plural_notes(len(edited))} edited in Anki since the last push; pull first "
            "(ankismith pull); nothing was pushed:\n  " + "\n  ".join(edited)
        )
    if changed := _schema_changes(deck.notetypes, held):
        raise BuildError(
            f"note types {', '.join(changed)} changed their fields or templates: a learner's "
            "import makes a copy of each, and AnkiConnect's import would merge them instead; "
            "push with Anki closed (--collection) to get what learners get; nothing was pushed"
        )
    ours = {note.note_id for note in before.values()}
    if open_ := ours & set(connect.call("guiSelectedNotes")):
        raise BuildError(
            f"Anki's Browser has {plural(len(open_), 'note')} of this deck selected, and its "
            "editor would write the old text back over the push: close the Browser; "
            "nothing was pushed"
        )
    try:
        env = push_environ(content_dir, environ, output, shared)
        report = build(content_dir, output / "push", env, shared=shared)
    except ContentErrors as exc:
        raise ContentErrors(exc.findings, "the deck fails check; nothing was pushed.") from None
    package = Path(report.output).resolve()
    if not connect.call("importPackage", path=str(package)):
        raise BuildError(f"{connect.url}: Anki has no collection open; nothing was pushed")
    after, _ = connect.export([sides.root])
    new = sum(1 for guid in sides.guids if guid in after and guid not in before)
    updated = sum(
        1
        for guid in sides.guids
        if guid in after and guid in before and after[guid].fields != before[guid].fields
    )
    missed = [
        f"{card.source}: card '{card.card_id}'"
        for card, guid, names, html in sides.pairs()
        if guid not in after or _missed(record, guid, card, names, html, after[guid])
    ]
    save_record(content_dir, base_of(sides, after, commit_of(content_dir), connect.url))
    line = (
        f"Pushed {report.output} into Anki at {connect.url}: {plural(new, 'new note')}, "
        f"{updated} updated"
    )
    if missed:
        raise BuildError(
            f"{line}; {plural_notes(len(missed))} not updated (Anki holds a newer edit, or "
            "its editor wrote one back):\n  " + "\n  ".join(missed)
        )
    return [line]
