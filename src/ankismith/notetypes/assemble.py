"""The note types a deck ships, with their final text: ours (with overrides) and the author's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import msgspec
import msgspec.structs

from ankismith.model import CardTemplate, NoteKind, NoteTypeDef
from ankismith.notetypes.builtin import (
    NOTE_TYPES,
    OCCLUSION_CSS,
    Owner,
    occlusion_settings,
    template_text,
)
from ankismith.notetypes.css import highlight_css, notetype_css
from ankismith.notetypes.labels import Labels, fill
from ankismith.notetypes.tts import Tts, with_tts

if TYPE_CHECKING:
    from ankismith.parse.settings import DeckSettings

EXPLANATION_BOX = """\
  {{#Explanation}}
  <section class="explanation">
    <p class="label">[[label:explanation]]</p>
    {{Explanation}}
  </section>
  {{/Explanation}}
"""
"""The explanation box of our back templates. With ``repository:`` the ``Explanation`` field
holds the box and the report link (``render/report.py``), and the back shows it bare."""
BARE_EXPLANATION = "  {{Explanation}}\n"
REPORT_CSS = """
/* The report link (deck.yaml: repository): small, at the foot of the back, a wide target. */
.ankismith p.report { margin: 16px 0 0; font-size: 0.8em; text-align: end; }
.ankismith p.report a {
  display: inline-block;
  padding: 6px 0;
  color: var(--muted);
  text-decoration: underline;
  text-underline-offset: 0.2em;
}
"""
"""Added to our note types' CSS with ``repository:`` only: decks without it keep their bytes."""


def builtin_notetype(
    kind: NoteKind,
    overrides: Mapping[str, str],
    labels: Labels,
    *,
    report: bool = False,
    tts: Tts | None = None,
    owner: Owner | None = None,
    code: bool = True,
) -> NoteTypeDef:
    """Return one of our note types with its final text, overrides applied, labels filled.

    With ``report`` (``repository:`` set) the back shows the ``Explanation`` field bare: it
    holds the explanation box and the report link. With ``tts`` (``deck.yaml`` ``tts:``) the
    sides it names are read aloud. With ``owner`` (``note_type_ids: own``) it
    is that deck's copy, under an id and name of its own. Without ``code``, its stylesheet
    lacks the code highlighting styles (``css.notetype_css``).
    """
    note_type = NOTE_TYPES[kind]
    if kind is NoteKind.OCCLUSION:
        return occlusion_notetype()

    def text(name: str) -> str:
        return fill(overrides.get(name) or template_text(name), labels)

    def back(name: str) -> str:
        text = overrides.get(name) or template_text(name)
        return fill(text.replace(EXPLANATION_BOX, BARE_EXPLANATION) if report else text, labels)

    def spoken(index: int, front: str, back: str) -> tuple[str, str]:
        return with_tts(kind, index, front, back, tts) if tts else (front, back)

    return NoteTypeDef(
        key=kind.value,
        id=owner.id(kind) if owner else note_type.id,
        name=owner.name(kind) if owner else note_type.name,
        fields=note_type.fields,
        templates=tuple(
            CardTemplate(t.name, *spoken(i, text(t.front), back(t.back)))
            for i, t in enumerate(note_type.templates)
        ),
        css=notetype_css(overrides, labels, code=code) + (REPORT_CSS if report else ""),
        cloze=note_type.cloze,
    )


def deck_owner(settings: DeckSettings) -> Owner | None:
    """Return the deck as owner of its copies of our note types, or None: their shared ids."""
    if settings.note_type_ids != "own":
        return None
    return Owner(settings.namespace, settings.name)


def occlusion_notetype() -> NoteTypeDef:
    """Return Anki's stock Image Occlusion note type: its text exactly as Anki writes it.

    No override, label or report link touches it: Anki's reviewer and mask editor expect
    its fields and template as they are.
    """
    note_type = NOTE_TYPES[NoteKind.OCCLUSION]
    return NoteTypeDef(
        key=NoteKind.OCCLUSION.value,
        id=note_type.id,
        name=note_type.name,
        fields=note_type.fields,
        templates=tuple(
            CardTemplate(t.name, template_text(t.front), template_text(t.back))
            for t in note_type.templates
        ),
        css=template_text(OCCLUSION_CSS),
        cloze=True,
        anki=occlusion_settings(),
    )


def custom_notetype(note_type: NoteTypeDef, labels: Labels, *, code: bool = True) -> NoteTypeDef:
    """Return the author's note type as shipped: labels filled, code styles after its CSS.

    An imported note type (its own Anki settings at hand) keeps its CSS as it was: no code
    styles, not a character changed.
    """
    css = fill(note_type.css, labels, css=True)
    return msgspec.structs.replace(
        note_type,
        templates=tuple(
            msgspec.structs.replace(t, front=fill(t.front, labels), back=fill(t.back, labels))
            for t in note_type.templates
        ),
        css=css if note_type.anki or not code else f"{css.rstrip()}\n\n{highlight_css()}".lstrip(),
    )


def deck_notetypes(
    keys: Iterable[str],
    custom: Mapping[str, NoteTypeDef | None],
    overrides: Mapping[str, str],
    labels: Labels,
    *,
    report: bool = False,
    tts: Tts | None = None,
    owner: Owner | None = None,
    code: bool = True,
) -> tuple[NoteTypeDef, ...]:
    """Return the note types with these keys, sorted by key: ours by kind, else the author's.

    ``report``: ``repository:`` is set, and our back templates show the report link.
    ``owner``: ``note_type_ids: own`` is set, and ours are the deck's own copies.
    ``code``: false leaves the code highlighting styles out of their stylesheets.
    """
    found = []
    for key in sorted(set(keys)):
        own = custom.get(key)
        if own is not None:
            found.append(custom_notetype(own, labels, code=code))
        else:
            kind = NoteKind(key)
            found.append(
                builtin_notetype(
                    kind, overrides, labels, report=report, tts=tts, owner=owner, code=code
                )
            )
    return tuple(found)
