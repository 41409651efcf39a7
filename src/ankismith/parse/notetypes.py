"""The author's note types: ``_notetypes/<name>/notetype.yaml`` and its files, validated. Pure.

The format is described in docs/notetypes.md. Problems are reported at ``file:line`` of
``notetype.yaml``, each naming the note type; the fields templates use are checked in
check/templates.py.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ankismith.findings import Finding
from ankismith.model import CardTemplate, Location, NoteKind, NoteTypeDef
from ankismith.notetypes.builtin import NOTE_TYPES, Owner, stable_id
from ankismith.parse.frontmatter import load_yaml_mapping, unknown_key
from ankismith.parse.notetype_settings import (
    FIELD_SETTINGS,
    field_setting,
    part_id,
    part_ids,
    settings_json,
)

if TYPE_CHECKING:
    import yaml

SETTINGS = "notetype.yaml"
KEYS = ("name", "key", "id", "cloze", "fields", "sort_field", "templates", "css", "anki")
FIELD_KEYS = ("name", "required", *FIELD_SETTINGS, "id")
TEMPLATE_KEYS = ("name", "front", "back", "id")
_FOLDER = re.compile(r"^[a-z0-9_-]+$")
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
MAX_ID = (1 << 63) - 1
"""Anki stores a note type id as a signed 64-bit integer."""
CODE = "bad-notetype"

Lines = dict[tuple[object, ...], int]


def custom_id(key: str) -> int:
    """Return the id of a custom note type derived from its ``key``, like our own ids."""
    return stable_id(f"ankismith/notetype/custom/{key}")


def yaml_lines(text: str) -> Lines:
    """Return the line of every key and list item of a YAML document, by its path."""
    import yaml  # only a deck with note types of its own reads any (15 ms)

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    found: Lines = {}

    def walk(node: yaml.Node, path: tuple[object, ...]) -> None:
        found.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                inner = (*path, key.value if isinstance(key, yaml.ScalarNode) else None)
                found.setdefault(inner, key.start_mark.line + 1)
                walk(value, inner)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    if root is not None:
        walk(root, ())
    return found


class _Loader:
    """Reads one note type folder, collecting every problem."""

    def __init__(self, name: str, files: Mapping[str, str], folder: str) -> None:
        self.name = name
        self.files = files
        self.folder = folder
        self.path = f"{folder}/{SETTINGS}"
        self.lines: Lines = {}
        self.errors: list[Finding] = []
        # Each field's and template's settings (Anki's keys) and the id the author gave.
        self.field_settings: list[dict[str, object]] = []
        self.template_settings: list[dict[str, object]] = []

    def line(self, *path: object) -> int:
        """Return the line of ``path`` in notetype.yaml, or of its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def error(self, where: tuple[object, ...] | int, message: str, code: str = CODE) -> None:
        line = where if isinstance(where, int) else self.line(*where)
        self.errors.append(
            Finding(Location(self.path, line), f"note type '{self.name}': {message}", code)
        )

    def load(self) -> NoteTypeDef | None:
        if not _FOLDER.fullmatch(self.name):
            self.error(
                0,
                "the folder name is what cards use in 'type:'; use only lowercase "
                "letters, digits, '-' and '_'",
            )
        if self.name in {kind.value for kind in NoteKind}:
            self.error(0, "is the name of one of ankismith's own card types; rename the folder")
        text = self.files.get(SETTINGS)
        if text is None:
            self.error(0, f"the folder has no {SETTINGS}; see docs/notetypes.md")
            return None
        data, problems = load_yaml_mapping(text, self.path, 1, f"note type '{self.name}': ")
        if problems:
            self.errors.extend(problems)
            return None
        self.lines = yaml_lines(text)
        for key in data:
            if key not in KEYS:
                self.error((key,), unknown_key(key, KEYS), "unknown-key")
        display = data.get("name")
        if not isinstance(display, str) or not display.strip():
            self.error(("name",), "'name' (the note type's name in Anki) is required")
        elif bad := "".join(sorted({c for c in display if c in '<>"`'})):
            # Anki prints {{Type}} into a card unescaped, as it does tags and deck names.
            message = f"'name' holds {' '.join(bad)}: Anki would print it into cards as HTML"
            self.error(("name",), message)
        ident = self.ident(data)
        cloze = data.get("cloze", False)
        if not isinstance(cloze, bool):
            self.error(("cloze",), "'cloze' must be true or false")
        fields, required = self.fields(data.get("fields"))
        sort_field = self.sort_field(data.get("sort_field"), fields)
        templates = self.templates(data.get("templates"), cloze is True)
        css, css_file = self.css(data.get("css"))
        anki = self.anki(data.get("anki"), len(fields), len(templates))
        settings = self.settings(ident, fields, templates, anki)
        if self.errors or ident is None or not isinstance(display, str):
            return None
        return NoteTypeDef(
            key=self.name,
            id=ident,
            name=display.strip(),
            fields=fields,
            templates=templates,
            css=css,
            cloze=cloze is True,
            sort_field=sort_field,
            required=required,
            location=Location(self.path, 1),
            css_file=css_file,
            anki=anki,
            settings=settings,
        )

    def ident(self, data: Mapping[str, Any]) -> int | None:
        """Return the id: derived from ``key`` or given as ``id``, exactly one of them."""
        if ("key" in data) == ("id" in data):
            where = ("id",) if "id" in data else ("name",)
            self.error(
                where,
                "give exactly one of 'key' (a stable text the id is derived "
                "from) or 'id' (the numeric id of a note type learners already have)",
            )
            return None
        if "key" in data:
            key = data["key"]
            if not isinstance(key, str) or not _KEY.fullmatch(key):
                self.error(
                    ("key",),
                    "'key' must start with a letter or digit and use only "
                    "letters, digits, '.', '_' or '-' (at most 100)",
                )
                return None
            return custom_id(key)
        value = data["id"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
            self.error(("id",), f"'id' must be a whole number from 1 to {MAX_ID}")
            return None
        return value

    def fields(self, value: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Return the field names and the required ones."""
        if not isinstance(value, list) or not value:
            self.error(("fields",), "'fields' must list the field names, at least one")
            return (), ()
        names: list[str] = []
        required: list[str] = []
        seen: dict[str, str] = {}
        for index, item in enumerate(value):
            where = ("fields", index)
            name, must = item, index == 0
            if isinstance(item, dict):
                for key in item:
                    if key not in FIELD_KEYS:
                        self.error(
                            (*where, key),
                            "field: " + unknown_key(str(key), FIELD_KEYS),
                            "unknown-key",
                        )
                name, must = item.get("name"), item.get("required", index == 0)
                if not isinstance(must, bool):
                    self.error((*where, "required"), "'required' must be true or false")
            self.field_settings.append(self.part_settings(item, where, FIELD_SETTINGS))
            if not isinstance(name, str) or not name.strip():
                self.error(where, "a field is a name, or a mapping with 'name' and 'required'")
                continue
            name = name.strip()
            if problem := _field_name_problem(name):
                self.error(where, f"field name '{name}' {problem}")
            if name.casefold() in seen:
                self.error(where, f"field '{name}' is listed twice (as '{seen[name.casefold()]}')")
            seen.setdefault(name.casefold(), name)
            names.append(name)
            if must is True:
                required.append(name)
        return tuple(names), tuple(required)

    def part_settings(
        self, item: object, where: tuple[object, ...], keys: Sequence[str]
    ) -> dict[str, object]:
        """Return a field's or template's settings (``keys``) and ``id`` in Anki's names."""
        found: dict[str, object] = {}
        if not isinstance(item, dict):
            return found
        for key in (*keys, "id"):
            if key not in item:
                continue
            read = part_id(item[key]) if key == "id" else field_setting(key, item[key])
            if isinstance(read, str):
                self.error((*where, key), read)
            elif isinstance(read, int):
                found["id"] = read
            else:
                found[read[0]] = read[1]
        return found

    def settings(
        self,
        ident: int | None,
        fields: Sequence[str],
        templates: Sequence[CardTemplate],
        anki: str,
    ) -> str:
        """Return every field's and template's settings with its id, as JSON ('' on errors).

        An id is the author's, else the one the imported note type had (``anki``), else derived.
        """
        if self.errors or ident is None:
            return ""
        own = json.loads(anki) if anki else {}
        found: dict[str, list[dict[str, object]]] = {}
        for part, key, names, given in (
            ("field", "fields", list(fields), self.field_settings),
            ("template", "templates", [t.name for t in templates], self.template_settings),
        ):
            kept = own.get(key) or [{} for _ in names]
            ids = part_ids(
                ident,
                part,
                names,
                [g.get("id", k.get("id")) for g, k in zip(given, kept, strict=True)],
            )
            seen: dict[int, str] = {}
            for index, (name, number) in enumerate(zip(names, ids, strict=True)):
                if number in seen:
                    self.error(
                        (key, index, "id") if "id" in given[index] else (key, index),
                        f"{part} '{name}' has the id {number} of {part} '{seen[number]}'; "
                        "Anki tells them apart by it",
                    )
                seen.setdefault(number, name)
            found[key] = [{**g, "id": number} for g, number in zip(given, ids, strict=True)]
        return "" if self.errors else settings_json(found["fields"], found["templates"])

    def sort_field(self, value: object, fields: Sequence[str]) -> int:
        if value is None or not fields:
            return 0
        if isinstance(value, str) and value.strip() in fields:
            return list(fields).index(value.strip())
        self.error(("sort_field",), f"'sort_field' must be one of the fields ({', '.join(fields)})")
        return 0

    def templates(self, value: object, cloze: bool) -> tuple[CardTemplate, ...]:
        if not isinstance(value, list) or not value:
            self.error(
                ("templates",),
                "'templates' must list the card templates, at least one (name, front, back)",
            )
            return ()
        if cloze and len(value) != 1:
            self.error(
                ("templates",),
                "a cloze note type has exactly one template; Anki makes "
                "one card per deletion number from it",
            )
        found: list[CardTemplate] = []
        seen: set[str] = set()
        for index, item in enumerate(value):
            where = ("templates", index)
            if not isinstance(item, dict):
                self.error(where, "a template is a mapping with 'name', 'front' and 'back'")
                continue
            for key in item:
                if key not in TEMPLATE_KEYS:
                    self.error(
                        (*where, key),
                        "template: " + unknown_key(str(key), TEMPLATE_KEYS),
                        "unknown-key",
                    )
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                self.error(where, "template: 'name' is required")
                continue
            name = name.strip()
            if name.casefold() in seen:
                self.error((*where, "name"), f"template '{name}' is listed twice")
            seen.add(name.casefold())
            self.template_settings.append(self.part_settings(item, where, ()))
            front, front_file = self.file(item.get("front"), (*where, "front"), "front")
            back, back_file = self.file(item.get("back"), (*where, "back"), "back")
            found.append(CardTemplate(name, front, back, front_file, back_file))
        return tuple(found)

    def file(self, value: object, where: tuple[object, ...], what: str) -> tuple[str, str]:
        """Return the text and display path of a file the note type names."""
        if not isinstance(value, str) or not value.strip():
            self.error(where, f"template: '{what}' must name an HTML file in this folder")
            return "", ""
        name = posixpath.normpath(value.strip())
        if name.startswith(("../", "/")) or name == "..":
            self.error(where, f"'{value}' leaves the note type's folder; keep its files inside")
            return "", ""
        if name not in self.files:
            known = sorted(n for n in self.files if n != SETTINGS)
            listing = f" (files here: {', '.join(known)})" if known else ""
            self.error(where, f"file '{value}' not found in {self.folder}{listing}")
            return "", ""
        return self.files[name], f"{self.folder}/{name}"

    def anki(self, value: object, fields: int, templates: int) -> str:
        """Return an imported note type's own Anki settings as JSON ('' for none)."""
        if value is None:
            return ""
        shape = {"fields": fields, "templates": templates}
        if not isinstance(value, dict) or any(
            not isinstance(value.get(key, [{}] * count), list)
            or len(value.get(key, [{}] * count)) != count
            or not all(isinstance(item, dict) for item in value.get(key, []))
            for key, count in shape.items()
        ):
            self.error(
                ("anki",),
                "'anki' holds the note type's own Anki settings as import wrote them: a mapping "
                "whose 'fields' and 'templates' have one mapping per field and template",
            )
            return ""
        # Never "": an empty mapping still marks the note type as imported, kept as it is.
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)

    def css(self, value: object) -> tuple[str, str]:
        """Return the stylesheet's text and display path (none: '' and '')."""
        if value is None:
            if "style.css" not in self.files:
                return "", ""
            return self.files["style.css"], f"{self.folder}/style.css"
        return self.file(value, ("css",), "css")


def _field_name_problem(name: str) -> str | None:
    """Return why Anki cannot use ``name`` as a field name, or None."""
    if name[0] in "#/^":
        return "must not start with '#', '/' or '^' (Anki's template syntax)"
    if any(ch in name for ch in ':{}"'):
        return "must not contain ':', '{', '}' or '\"' (Anki's template syntax)"
    return None


def load_notetypes(
    files: Sequence[tuple[str, str]],
    folder: str,
    elsewhere: Mapping[str, str] | None = None,
    owner: Owner | None = None,
) -> tuple[dict[str, NoteTypeDef | None], list[Finding]]:
    """Read every note type under ``folder`` (display path of ``_notetypes``), by folder name.

    ``elsewhere`` gives the ``_notetypes`` folder of note types that lie in another one (a
    project's shared folder), for their files' places. ``owner``: the deck's copies of our
    note types have ids of their own (``note_type_ids: own``), taken as ours are.

    A note type with problems maps to None: its cards are not built, and not reported again.
    """
    groups: dict[str, dict[str, str]] = {}
    errors: list[Finding] = []
    for relpath, text in files:
        top, sep, rest = relpath.partition("/")
        if not sep:
            message = f"note types live in folders: move it to {folder}/<name>/{SETTINGS}"
            errors.append(Finding(Location(f"{folder}/{relpath}", 0), message, CODE))
            continue
        groups.setdefault(top, {})[rest] = text
    found: dict[str, NoteTypeDef | None] = {}
    taken = {nt.id: nt.name for nt in NOTE_TYPES.values()}
    if owner is not None:
        taken |= {owner.id(kind): owner.name(kind) for kind in NOTE_TYPES}
    for name, own in sorted(groups.items()):
        loader = _Loader(name, own, f"{(elsewhere or {}).get(name, folder)}/{name}")
        note_type = loader.load()
        errors.extend(loader.errors)
        found[name] = None
        if note_type is None:
            continue
        if note_type.id in taken:
            where = ("id",) if ("id",) in loader.lines else ("key",)
            loader.errors = []
            loader.error(
                where,
                f"id {note_type.id} is already the id of note type "
                f"'{taken[note_type.id]}'; choose another key or id",
            )
            errors.extend(loader.errors)
            continue
        taken[note_type.id] = note_type.name
        found[name] = note_type
    return found, errors
