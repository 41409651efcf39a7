"""Deck settings: ``deck.yaml``, each key declared once as a field of ``DeckSettings``.

A field is a key's whole declaration: its type, its default, its docstring (the key's
description in the JSON Schema) and its ``Option`` (the key in the file, its reader, its JSON
Schema). ``load_settings`` reads a file by those fields; ``ankismith schema`` writes
``deck.schema.json`` from them and checks files with ``load_settings``. Adding a key is adding
a field here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec
import msgspec.structs

from ankismith.findings import RULES, Finding, Severity, severity_problem
from ankismith.forge import SHAPE, read_repository
from ankismith.notetypes.builtin import note_guid
from ankismith.notetypes.labels import LABEL_KEYS, translation_for, valid_tag
from ankismith.notetypes.tts import SIDES, SPEEDS, VOICE_LANGUAGE, VOICE_NAME, Tts, voice_language
from ankismith.parse.frontmatter import check_tags, load_yaml_mapping, string_list, unknown_key
from ankismith.parse.limits import text_limits
from ankismith.parse.options import ABSENT, Absent, Reading, option, options, read_options
from ankismith.parse.preset import PRESET_KEYS, Preset, read_preset
from ankismith.text import closest, has_random_part, name_slug, split_lines, unique_deck_id

ID = "[A-Za-z0-9][A-Za-z0-9._-]*"
"""What a deck id is made of: frozen, every GUID of a deck hangs on it."""
LANGUAGE = "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"
"""The shape of a BCP 47 tag, for editors; the reader checks the tag itself (``valid_tag``)."""
_TEXT = {"type": "string"}
ACCEPTABLE = (
    "card-moved",
    "id-renamed",
    "left-deck",
    "mask-renumbered",
    "new-guid",
    "tags-lost",
    "type-changed",
)
"""The release rules (``release/rules.py``) a ``release:`` section may accept for named cards:
those about one card each, whose cost to learners the release notes can tell."""


class ReleaseAcceptance(msgspec.Struct, frozen=True):
    """``release:``: release rules accepted for named cards, in the release after ``after``."""

    after: str
    """The previous release this one follows; against any other the acceptance is void."""
    accept: tuple[tuple[str, tuple[str, ...]], ...]
    """(release rule code, the ids of the cards it is accepted for), sorted by code."""
    line: int = 1
    """Line of ``release:`` in deck.yaml, for messages."""
    namespace: str = ""
    """The deck's ``id``, when known: a note without an ``Id`` field (an image occlusion note)
    is known in a package by its GUID alone, which this and the card id give."""

    def cards(self, code: str) -> frozenset[str]:
        """Return the ids of the cards rule ``code`` is accepted for."""
        return frozenset(dict(self.accept).get(code, ()))

    def keys(self, code: str) -> dict[str, str]:
        """Return what names a card rule ``code`` is accepted for in a package, to its id.

        That is its id (the key of a note with an ``Id`` field) and, with ``namespace``, its
        GUID (the key of a note without one).
        """
        ids = self.cards(code)
        found = {note_guid(self.namespace, card): card for card in ids if self.namespace}
        return {**found, **{card: card for card in ids}}


def _name(value: object, r: Reading) -> tuple[str | Absent, list[Finding]]:
    """Read the deck name, which every deck needs: without it there are no settings."""
    if not isinstance(value, str) or not value.strip():
        return ABSENT, [Finding(r.at("name"), "'name' (the Anki deck name) is required")]
    name = value.strip()
    if any(not part.strip() for part in name.split("::")):
        message = f"'name' {name!r} has an empty part around '::'; Anki names it 'blank'"
        return name, [Finding(r.at("name"), message)]
    return name, []


def _namespace(value: object, r: Reading) -> tuple[str, list[Finding]]:
    """Read the deck id, or make it from the name; warn when another deck could share it."""
    name = r.values["name"]
    if value is ABSENT:
        namespace = name_slug(name)
    elif not isinstance(value, str) or not re.fullmatch(ID, value):
        message = "'id' must be letters, digits, '.', '_' or '-'"
        return name_slug(name), [Finding(r.at("id"), message)]
    else:
        namespace = value
    weak = _weak_id(namespace, value is not ABSENT, name)
    return namespace, [Finding(r.at("id"), weak, "deck-id")] if weak else []


def _description(value: object, r: Reading) -> tuple[str, list[Finding]]:
    """Read the description's Markdown, held to the limits of any card text."""
    if not isinstance(value, str):
        return "", [Finding(r.at("description"), "'description' must be text")]
    if beyond := text_limits(split_lines(value), r.path, r.line("description")):
        return "", [msgspec.structs.replace(f, message=f"description: {f.message}") for f in beyond]
    return value.strip(), []


def _tags(value: object, r: Reading) -> tuple[tuple[str, ...], list[Finding]]:
    """Read tags as a list or as words, each a usable Anki tag."""
    tags, problem = string_list(value, "tags")
    if problem or (problem := check_tags(tags)):
        return tags, [Finding(r.at("tags"), problem)]
    return tags, []


def _checks(value: object, r: Reading) -> tuple[tuple[tuple[str, str], ...], list[Finding]]:
    """Read ``checks: {rule: off|warning|error}``, naming unknown rules with a suggestion."""
    if value is None:
        return (), []
    if not isinstance(value, dict):
        return (), [Finding(r.at("checks"), "'checks' maps rule codes to off, warning or error")]
    found: list[tuple[str, str]] = []
    errors: list[Finding] = []
    for code, severity in value.items():
        code, severity = str(code), str(severity).lower() if severity is not False else "off"
        if code not in RULES:
            errors.append(Finding(r.at(code), "checks: " + unknown_key(code, RULES), "unknown-key"))
        elif problem := severity_problem(code, severity):
            errors.append(Finding(r.at(code), "checks: " + problem))
        else:
            found.append((code, severity))
    return tuple(sorted(found)), errors


def _extends(value: object, r: Reading) -> tuple[str, list[Finding]]:
    """Read the content folder a variant extends: a relative path, from this deck's folder."""
    if not isinstance(value, str) or not value.strip():
        return "", [Finding(r.at("extends"), "'extends' must be a folder, e.g. extends: ../core")]
    folder = value.strip()
    if folder.startswith(("/", "\\")) or ":" in folder:
        return "", [
            Finding(r.at("extends"), f"'extends' must be a relative folder, not {folder!r}")
        ]
    return folder, []


def _version(value: object, r: Reading) -> tuple[str, list[Finding]]:
    """Read the version as written, which only quoted text keeps."""
    if not isinstance(value, str):
        # YAML reads 1.10 as the number 1.1: only quoted text keeps a version as written.
        message = f"'version' must be quoted text, e.g. version: '{value}'"
        return "", [Finding(r.at("version"), message)]
    return value.strip(), []


def _repository(value: object, r: Reading) -> tuple[str, list[Finding]]:
    """Read the repository's URL on GitHub, GitLab or a Gitea/Forgejo host such as Codeberg."""
    if value is None:
        return "", []
    if not isinstance(value, str):
        return "", [Finding(r.at("repository"), "'repository' must be the repository's URL")]
    repository, problem = read_repository(value)
    if repository is None:
        return "", [Finding(r.at("repository"), problem)]
    return repository.url, []


def _type(value: object, r: Reading) -> tuple[str, list[Finding]]:
    """Read the default note type's key; whether a note type has it, ``check`` says."""
    if not isinstance(value, str):
        return "", [Finding(r.at("type"), "'type' must be a card type")]
    return value.strip().lower(), []


def _language(value: object, r: Reading) -> tuple[str, list[Finding]]:
    """Read a BCP 47 tag; without shipped labels for it, the deck must set them all itself."""
    if not isinstance(value, str) or (value.strip() and not valid_tag(value.strip())):
        message = (
            f"'language' must be a BCP 47 language tag such as de, pt-BR or zh-Hant, not {value!r}"
        )
        return "", [Finding(r.at("language"), message)]
    tag = value.strip()
    if tag and translation_for(tag) is None:
        own = dict(_labels(r.data.get("labels"), r)[0])
        if missing := [key for key in LABEL_KEYS if key not in own]:
            message = (
                f"no shipped labels for language '{tag}': cards show English labels; set "
                f"them under 'labels:' ({', '.join(missing)})"
            )
            return tag, [Finding(r.at("language"), message, "untranslated")]
    return tag, []


_TTS_SHAPE = (
    "'tts' names the sides read aloud, [question, answer], or maps them: {question: true, "
    "answer: true, lang: en_US, voices: [Apple_Samantha], speed: 1.0}"
)


def _tts(value: object, r: Reading) -> tuple[Tts | None, list[Finding]]:
    """Read ``tts:``, the sides of our note types read aloud, in the deck's language."""
    if value is None:
        return None, []
    where = r.at("tts")
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(side, str) for side in value):
        value = dict.fromkeys(value, True)
    if not isinstance(value, dict):
        return None, [Finding(where, _TTS_SHAPE)]
    found: list[Finding] = []
    for key in value:
        if str(key) not in (*SIDES, "lang", "voices", "speed"):
            message = "tts: " + unknown_key(str(key), (*SIDES, "lang", "voices", "speed"))
            found.append(Finding(r.at(str(key), where.line), message, "unknown-key"))
    sides = tuple(side for side in SIDES if value.get(side) is True)
    if any(not isinstance(value.get(side, False), bool) for side in SIDES):
        found.append(Finding(where, "tts: 'question' and 'answer' are true or false"))
    language = r.values.get("language") or ""
    lang = value.get("lang", voice_language(language) if language else None)
    if lang is None:
        message = (
            "tts: Anki needs the voice's language and region: set 'language:' (such as de or "
            "pt-BR), or 'lang:' under 'tts:' (such as de_DE)"
        )
        if language:
            message = f"tts: no voice language is known for '{language}'; set 'lang:' under 'tts:'"
        found.append(Finding(where, message))
    elif not isinstance(lang, str) or not VOICE_LANGUAGE.fullmatch(lang):
        message = f"tts: 'lang' is Anki's voice language, such as en_US or ja_JP, not {lang!r}"
        found.append(Finding(r.at("lang", where.line), message))
    voices = value.get("voices", [])
    voices = voices.split(",") if isinstance(voices, str) else voices
    if not isinstance(voices, list) or not all(
        isinstance(v, str) and VOICE_NAME.fullmatch(v.strip()) for v in voices
    ):
        message = "tts: 'voices' lists voice names as Anki shows them, such as [Apple_Samantha]"
        found.append(Finding(r.at("voices", where.line), message))
    speed = value.get("speed")
    low, high = SPEEDS
    if speed is not None and (
        isinstance(speed, bool) or not isinstance(speed, int | float) or not low <= speed <= high
    ):
        message = f"tts: 'speed' is a number from {low} to {high}, 1 being the voice's own"
        found.append(Finding(r.at("speed", where.line), message))
    if not sides and not found:
        found.append(Finding(where, "tts: name a side to read aloud, question or answer"))
    if found:
        return None, found
    assert isinstance(lang, str) and isinstance(voices, list)
    speed_value = None if speed is None else float(speed)
    return Tts(sides, lang, tuple(v.strip() for v in voices), speed_value), []


def _labels(value: object, r: Reading) -> tuple[tuple[tuple[str, str], ...], list[Finding]]:
    """Read ``labels:`` (label key: text), each problem at the line of its label."""
    if value is None:
        return (), []
    if not isinstance(value, dict):
        message = "'labels' maps label keys to text, such as {answer: Antwort}"
        return (), [Finding(r.at("labels"), message)]
    labels: list[tuple[str, str]] = []
    errors: list[Finding] = []
    for key, text in value.items():
        where = r.at(str(key), r.line("labels"))
        if str(key) not in LABEL_KEYS:
            errors.append(
                Finding(where, "labels: " + unknown_key(str(key), LABEL_KEYS), "unknown-key")
            )
        elif not isinstance(text, str | int | float) or isinstance(text, bool):
            errors.append(Finding(where, f"labels: '{key}' must be text"))
        else:
            labels.append((str(key), str(text)))
    return tuple(sorted(labels)), errors


def _scripts(value: object, r: Reading) -> tuple[tuple[str, ...], list[Finding]]:
    """Read ``scripts:``, the names of the deck's own note types whose templates may run script."""
    if value is None:
        return (), []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        message = (
            "'scripts' lists the names of your own note types whose templates may keep "
            "<script>, such as [Image Occlusion Enhanced]"
        )
        return (), [Finding(r.at("scripts"), message)]
    return tuple(sorted({v.strip() for v in value})), []


_RELEASE_SHAPE = (
    "'release' names the release it follows and the release rules accepted for named cards: "
    "{after: v1.2.0, accept: {card-moved: [card-id, ...]}}"
)


def _accepted(
    value: object, r: Reading
) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], list[Finding]]:
    where = r.at("accept", r.line("release"))
    if value is None:
        return (), []
    if not isinstance(value, dict):
        return (), [Finding(where, _RELEASE_SHAPE)]
    accepted, found = [], []
    for code, cards in value.items():
        code = str(code)
        if code not in ACCEPTABLE:
            like = closest(code, ACCEPTABLE)
            hint = f" (did you mean '{like}'?)" if like else ""
            message = (
                f"release: '{code}' cannot be accepted{hint}: only the rules about one card "
                f"each can be, {', '.join(ACCEPTABLE)}"
            )
            found.append(Finding(where, message))
            continue
        cards = [cards] if isinstance(cards, str) else cards
        if (
            not isinstance(cards, list)
            or not cards
            or not all(isinstance(c, str) and c.strip() for c in cards)
        ):
            message = f"release: accept: '{code}' lists the ids of the cards it is accepted for"
            found.append(Finding(where, message))
            continue
        accepted.append((code, tuple(sorted({c.strip() for c in cards}))))
    return tuple(sorted(accepted)), found


def _release(value: object, r: Reading) -> tuple[ReleaseAcceptance | None, list[Finding]]:
    """Read ``release:``, the release rules this release accepts for named cards."""
    if value is None:
        return None, []
    where = r.at("release")
    if not isinstance(value, dict) or set(map(str, value)) - {"after", "accept"}:
        return None, [Finding(where, _RELEASE_SHAPE)]
    after = value.get("after")
    if not isinstance(after, str) or not after.strip():
        message = (
            "release: 'after' names the previous release this one follows, as a string: "
            "after: v1.2.0 (quote a bare number: after: '1.10')"
        )
        return None, [Finding(where, message)]
    accept, found = _accepted(value.get("accept"), r)
    return ReleaseAcceptance(after.strip(), accept, where.line), found


def _absent_media(value: object, r: Reading) -> tuple[tuple[str, ...], list[Finding]]:
    """Read ``absent_media:``, names of media files the deck names but has never held."""
    if value is None:
        return (), []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(
        isinstance(v, str) and v.strip() and "/" not in v and "\\" not in v and v not in (".", "..")
        for v in value
    ):
        message = (
            "'absent_media' lists names of media files the deck names but never held, "
            "without folders, such as [mask.png, _font.woff2]"
        )
        return (), [Finding(r.at("absent_media"), message)]
    return tuple(sorted({str(v) for v in value})), []


def _keep_media_names(value: object, r: Reading) -> tuple[bool, list[Finding]]:
    """Read ``keep_media_names: true|false``."""
    if value is None:
        return False, []
    if not isinstance(value, bool):
        return False, [Finding(r.at("keep_media_names"), "'keep_media_names' is true or false")]
    return value, []


def _markdown_description(value: object, r: Reading) -> tuple[bool, list[Finding]]:
    """Read ``markdown_description: true|false``."""
    if value is None:
        return False, []
    if not isinstance(value, bool):
        message = "'markdown_description' is true or false"
        return False, [Finding(r.at("markdown_description"), message)]
    return value, []


NOTE_TYPE_IDS = ("shared", "own")
"""``note_type_ids:``: our note types' ids, the same in every deck (shared) or the deck's own."""


def _note_type_ids(value: object, r: Reading) -> tuple[str, list[Finding]]:
    """Read ``note_type_ids: shared|own``."""
    if value is None:
        return "shared", []
    if not isinstance(value, str) or value.strip() not in NOTE_TYPE_IDS:
        message = (
            "'note_type_ids' is 'own' (this deck's copies of our note types get ids of their "
            f"own) or 'shared' (the same ids in every deck, the default), not {value!r}"
        )
        return "shared", [Finding(r.at("note_type_ids"), message)]
    return value.strip(), []


def _weak_id(namespace: str, given: bool, name: str) -> str | None:
    """Say why a deck id could be shared by another deck, or return None."""
    if has_random_part(namespace):
        return None
    example = unique_deck_id(name)
    keep = (
        "If this deck was released with it, keep it (any other id duplicates every card) and "
        "turn this warning off with 'checks: {deck-id: off}'"
    )
    if not given:
        return (
            f"deck.yaml has no 'id', so the deck id is '{namespace}', made from the name: "
            "renaming the deck would give learners every card again, and another deck of that "
            f"name would overwrite its notes. Not released yet: add 'id: {example}'. Released: "
            f"add 'id: {namespace}' to keep it"
        )
    return (
        f"deck id '{namespace}' has no random part: another deck with this id would overwrite "
        "this deck's notes in a learner's collection (Anki matches notes across all decks). "
        f"Not released yet: use e.g. 'id: {example}'. {keep}"
    )


def _severities() -> dict[str, object]:
    """Return the JSON Schema of ``checks:``: every rule, each with the severities it allows."""
    spellings = [s for v in Severity for s in (v.value, v.value.title(), v.value.upper())]
    severity = {"$ref": "#/properties/checks/$defs/severity"}
    rules: dict[str, object] = {
        code: (
            {"description": f"{rule.summary} (cannot be relaxed)", "const": "error"}
            if rule.fixed
            else {"description": f"{rule.summary} (default: {rule.default.value})", **severity}
        )
        for code, rule in RULES.items()
    }
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": rules,
        "$defs": {
            "severity": {
                "description": "off, warning or error.",
                "anyOf": [{"enum": spellings}, {"const": False}],
            }
        },
    }


def _preset_schema() -> dict[str, object]:
    """Return the JSON Schema of ``preset:``: each option with its kind and Anki's bounds."""
    step = {
        "oneOf": [
            {"type": "number", "exclusiveMinimum": 0},
            {**_TEXT, "pattern": r"^[0-9.]+\s*[smhd]$"},
        ]
    }
    properties: dict[str, object] = {"name": {**_TEXT, "pattern": r"\S", "maxLength": 200}}
    for key, spec in PRESET_KEYS.items():
        if spec.kind in ("int", "number"):
            kind = {"type": "integer" if spec.kind == "int" else "number"}
            shape: dict[str, object] = {**kind, "minimum": spec.low, "maximum": spec.high}
        elif spec.kind == "bool":
            shape = {"type": "boolean"}
        elif spec.kind == "steps":
            shape = {"oneOf": [{"type": "array", "items": step}, step]}
        else:
            shape = {"enum": spec.kind.split("|")}
        properties[key] = {"description": spec.meaning, **shape}
    return {"type": ["object", "null"], "additionalProperties": False, "properties": properties}


@dataclass(frozen=True, slots=True)
class DeckSettings:
    """Deck-level settings from ``deck.yaml`` at the root of the content directory."""

    name: str = field(metadata=option("name", _name, {**_TEXT, "pattern": r"\S"}, required=True))
    """The Anki deck name; also names the .apkg file.

    Anki finds decks by name: renaming one strands learners' cards in the old deck.
    """
    namespace: str = field(metadata=option("id", _namespace, {**_TEXT, "pattern": f"^{ID}$"}))
    """Namespace of every note's identity (GUID). Never change it after a release.

    Made from the name when not set (``check`` warns): end it in a random part instead.
    """
    description: str = field(default="", metadata=option("description", _description, _TEXT))
    """Markdown shown in Anki's deck overview."""
    tags: tuple[str, ...] = field(
        default=(),
        metadata=option(
            "tags",
            _tags,
            {
                "oneOf": [
                    {"type": "array", "items": {**_TEXT, "pattern": r"^\S+$"}},
                    _TEXT,
                    {"type": "null"},
                ]
            },
        ),
    )
    """Tags added to every card: a list of words, or words separated by spaces. Empty: none."""
    checks: tuple[tuple[str, str], ...] = field(
        default=(), metadata=option("checks", _checks, _severities())
    )
    """Severity of checks for this deck (docs/checks.md). Empty: none changed.

    Read as (rule code, off|warning|error) pairs, sorted.
    """
    version: str = field(default="", metadata=option("version", _version, _TEXT))
    """Version shown under the description; quote it ('1.10'). Default: the release tag."""
    repository: str = field(
        default="",
        metadata=option("repository", _repository, {"type": ["string", "null"], "pattern": SHAPE}),
    )
    """URL of the deck's repository on GitHub, GitLab, Codeberg, Gitea or Forgejo; the back of
    every card then links to a new issue there, prefilled ("Report a mistake"). Empty: no link.
    """
    default_type: str = field(
        default="", metadata=option("type", _type, {**_TEXT, "pattern": r"\S"})
    )
    """Note type of cards that name none, e.g. basic, choice, cloze, reversed, typein or one the
    deck defines.
    """
    language: str = field(
        default="", metadata=option("language", _language, {**_TEXT, "pattern": LANGUAGE})
    )
    """Language of the cards, a BCP 47 tag such as en, de-CH or zh-Hans."""
    tts: Tts | None = field(
        default=None,
        metadata=option(
            "tts",
            _tts,
            {
                "oneOf": [
                    {"type": "array", "items": {"enum": list(SIDES)}},
                    {"enum": list(SIDES)},
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "question": {"type": "boolean"},
                            "answer": {"type": "boolean"},
                            "lang": {**_TEXT, "pattern": VOICE_LANGUAGE.pattern},
                            "voices": {
                                "oneOf": [
                                    {"type": "array", "items": _TEXT},
                                    _TEXT,
                                ]
                            },
                            "speed": {
                                "type": "number",
                                "minimum": SPEEDS[0],
                                "maximum": SPEEDS[1],
                            },
                        },
                    },
                    {"type": "null"},
                ]
            },
        ),
    )
    """Read the question, the answer or both aloud on our note types, with Anki's text to speech
    in the deck's language (its voice language, such as en_US, derived from ``language`` or
    given as ``lang``). Template text only: no schema change. None: nothing read aloud.
    """
    labels: tuple[tuple[str, str], ...] = field(
        default=(),
        metadata=option(
            "labels",
            _labels,
            {
                "type": ["object", "null"],
                "additionalProperties": False,
                "properties": {key: _TEXT for key in LABEL_KEYS},
            },
        ),
    )
    """Words shown on the cards (such as the 'Answer' heading), by label key, in the deck's
    language. Empty: the language's own.

    Read as (label key, text) pairs, sorted.
    """
    scripts: tuple[str, ...] = field(
        default=(),
        metadata=option(
            "scripts",
            _scripts,
            {
                "oneOf": [
                    {"type": "array", "items": {**_TEXT, "pattern": r"\S"}},
                    {**_TEXT, "pattern": r"\S"},
                    {"type": "null"},
                ]
            },
        ),
    )
    """Names of the deck's own note types whose templates may keep script (opt-in, by name).

    Never our five note types, never CSS, labels or fields. Empty: no template runs script.
    """
    release: ReleaseAcceptance | None = field(
        default=None,
        metadata=option(
            "release",
            _release,
            {
                "type": ["object", "null"],
                "additionalProperties": False,
                "required": ["after"],
                "properties": {
                    "after": {
                        **_TEXT,
                        "pattern": r"\S",
                        "description": "The previous release (its tag) this one follows.",
                    },
                    "accept": {
                        "type": ["object", "null"],
                        "description": "The card ids each release rule is accepted for.",
                        "additionalProperties": False,
                        "properties": {
                            code: {
                                "oneOf": [
                                    {"type": "array", "items": {**_TEXT, "pattern": r"\S"}},
                                    {**_TEXT, "pattern": r"\S"},
                                ]
                            }
                            for code in ACCEPTABLE
                        },
                    },
                },
            },
        ),
    )
    """Release rules accepted for named cards, in the release after a named one (docs/updates.md).

    Against any other previous release it is void, so it never carries over. None: none.
    """
    absent_media: tuple[str, ...] = field(
        default=(),
        metadata=option(
            "absent_media",
            _absent_media,
            {
                "oneOf": [
                    {"type": "array", "items": {**_TEXT, "pattern": r"^[^/\\]+$"}},
                    {**_TEXT, "pattern": r"^[^/\\]+$"},
                    {"type": "null"},
                ]
            },
        ),
    )
    """Media files the deck names but never held (an imported deck's lost files), by name.

    A card's reference to ``_media/<name>``, or a note type's to ``<name>``, is kept as written
    instead of failing the build: learners see what they saw before. Empty: every file named
    must be there.
    """
    keep_media_names: bool = field(
        default=False,
        metadata=option("keep_media_names", _keep_media_names, {"type": ["boolean", "null"]}),
    )
    """Ship media files under their own names where that is safe (an imported deck: learners
    already have them so named, and get no second copy). False: every file is named by its
    content, so a changed file always reaches learners.
    """
    markdown_description: bool = field(
        default=False,
        metadata=option(
            "markdown_description", _markdown_description, {"type": ["boolean", "null"]}
        ),
    )
    """Ship the description as Markdown that Anki renders itself (its deck's "markdown" flag,
    Anki 2.1.41+): plain CommonMark, no images, sanitised by Anki. False: the description is
    HTML rendered by ankismith, which every Anki, AnkiDroid and AnkiMobile shows.
    """
    preset: Preset | None = field(
        default=None, metadata=option("preset", read_preset, _preset_schema())
    )
    """A deck options preset offered with the deck (new cards a day, steps, FSRS desired
    retention...). Learners get it only by ticking "Import any deck presets" when importing, and
    Anki never updates a preset it has: a later change reaches only new learners. None: none.
    """
    extends: str = field(default="", metadata=option("extends", _extends, _TEXT))
    """Another content folder (relative to this one) whose card files and media this deck holds
    too, as if they lay in it: a variant (extended = core plus more). Empty: none."""
    note_type_ids: str = field(
        default="shared",
        metadata=option("note_type_ids", _note_type_ids, {"enum": [*NOTE_TYPE_IDS, None]}),
    )
    """Ids of this deck's copies of our note types (basic, choice, cloze, reversed, typein):
    'shared', the same in every deck, or 'own', made from the deck's 'id', so that decks of one
    project in other languages, labels or templates can all use them. Choose before the first
    release: for learners a new id is a new note type. Default: shared.
    """
    source_ref: str = ""
    """The git tag (else commit) the content was built from, for the report link's source
    link; filled by the build (``pipeline.py``) when ``repository`` is set, never read."""
    source_folder: str = ""
    """The content folder's path inside its git repository, for the same link; "" at its root."""
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    """Line of each key in deck.yaml, for messages about its value found in later stages."""

    def line_of(self, key: str) -> int:
        """Return the line of ``key`` in deck.yaml, or 1."""
        return dict(self.key_lines).get(key, 1)


SETTINGS_KEYS = tuple(opt.key for _, opt in options(DeckSettings))
"""Every key of ``deck.yaml``, in declared order."""


def load_settings(
    text: str, path: str, mapping: Mapping[str, Any] | None = None
) -> tuple[DeckSettings | None, list[Finding]]:
    """Parse ``deck.yaml`` text into settings, returning every problem instead of raising.

    ``mapping`` is what PyYAML read from this very text before, without a problem (kept in the
    cache folder: cache/settings.py); the text is then not parsed again.
    """
    if mapping is not None:
        data: dict[str, Any] = dict(mapping)
    else:
        data, problems = load_yaml_mapping(text, path, 1)
        if problems:
            return None, problems
    reading = Reading(path, tuple(text.splitlines()), data, {})
    values, found = read_options(DeckSettings, reading)
    if values is None:
        return None, found
    key_lines = tuple((key, reading.line(key)) for key in data)
    if isinstance(release := values.get("release"), ReleaseAcceptance):
        values["release"] = msgspec.structs.replace(release, namespace=str(values["namespace"]))
    return DeckSettings(**values, key_lines=key_lines), found
