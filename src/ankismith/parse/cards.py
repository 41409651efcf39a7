"""Turn the drafts of one file into cards: choose each card's kind and check its parts.

Pure: text in, frozen Cards and Findings out. The line scanner lives in parse/scanner.py.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import msgspec

from ankismith.findings import Finding, Severity, rule_of
from ankismith.model import Card, Choice, Location, NoteKind, NoteTypeDef, SourceFile
from ankismith.parse.choices import glued_options, split_choices
from ankismith.parse.cloze import DELETION
from ankismith.parse.fields import custom_fields
from ankismith.parse.frontmatter import check_tags, string_list
from ankismith.parse.settings import DeckSettings
from ankismith.parse.slips.cloze import cloze_slips
from ankismith.parse.slips.typein import typein_answer
from ankismith.text import closest

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
ID_RULE = (
    "must start with a letter or digit and use only letters, digits, '.', '_' or '-' (at most 100)"
)
CLOZE_ANSWER = "cloze cards have no '### Answer'; the deletions {{c1::...}} are the answers"
OCCLUSION_ANSWER = "occlusion cards have no '### Answer'; what a mask hides is the answer"
BAD = "bad-occlusion"
TYPEIN_ANSWER = "a typein answer must be one line of plain text, what the learner types"
_CLOZE = DELETION
_CLOZE_NUMBER = re.compile(r"\{\{c([0-9,]+)::")
MAX_CLOZE = 0xFFFF  # Anki reads a deletion number as a 16-bit integer
FIELD_PREFIX = "### "
"""Draft section keys of a custom note type's fields: the prefix, then the field name."""
_GUID = re.compile(r'^[^\s"]{1,100}$')


class Draft(msgspec.Struct):
    """A card being collected; becomes a frozen Card once the file is read."""

    line: int
    heading: str
    meta_line: int = 0
    meta: dict[str, str] = msgspec.field(default_factory=dict)
    sections: dict[str, list[str]] = msgspec.field(default_factory=lambda: {"question": []})
    section_lines: dict[str, int] = msgspec.field(default_factory=dict)
    numbers: dict[str, list[int]] = msgspec.field(default_factory=dict)
    current: str = "question"


def derived_id(question: str) -> str:
    """Return the id used when the author gave none: a hash of the question text."""
    normalised = " ".join(question.split()).casefold()
    return "q-" + hashlib.sha256(normalised.encode()).hexdigest()[:12]


def type_problem(name: str, notetypes: Collection[str]) -> str | None:
    """Return why ``name`` is neither our kind nor one of ``notetypes``; None when it is one."""
    if name in notetypes or _kind(name) is not None:
        return None
    kinds = [k.value for k in NoteKind] + sorted(notetypes)
    close = closest(name, kinds)
    hint = f"did you mean '{close}'?" if close else f"known: {', '.join(kinds)}"
    return f"unknown card type '{name}' ({hint})"


def _on_off(value: object) -> str:
    """Return ``on``, ``off`` or what else a ``report:`` says (YAML reads ``off`` as False)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value).strip().lower()


class CardBuilder:
    """Builds the cards of one file, reporting problems into the file's error list."""

    def __init__(
        self,
        source: SourceFile,
        front: Mapping[str, Any],
        errors: list[Finding],
        notetypes: Mapping[str, NoteTypeDef | None] | None = None,
    ) -> None:
        self.source = source
        self.front = front
        self.errors = errors
        self.notetypes = notetypes or {}
        self.default_type = ""
        self.default_broken = False

    def loc(self, line: int) -> Location:
        """Return a place in this file."""
        return Location(self.source.path, line)

    def error(self, line: int, message: str, code: str = "syntax") -> None:
        """Report a problem at ``line``."""
        self.errors.append(Finding(self.loc(line), message, code))

    def blocking(self) -> int:
        """Return how many findings so far are errors by default (a card with one is dropped)."""
        return sum(rule_of(f.code).default is Severity.ERROR for f in self.errors)

    def cards(self, drafts: Sequence[Draft], settings: DeckSettings) -> list[Card]:
        """Return the file's valid cards; report every problem of every draft."""
        # Folders become subdecks (content/Methods/x.md -> "Deck::Methods"); front matter wins.
        deck = "::".join((settings.name, *self.source.relpath.parent.parts))
        sub = self.front.get("deck")
        if isinstance(sub, str) and any(not p.strip() for p in sub.strip().split("::")):
            self.error(1, f"front matter: deck {sub.strip()!r} has an empty part around '::'")
        elif isinstance(sub, str) and sub.strip():
            deck = f"{settings.name}::{sub.strip()}"
        elif sub is not None:
            self.error(1, "front matter: 'deck' must be a subdeck name such as 'LoRA'")
        file_tags, problem = string_list(self.front.get("tags"), "tags")
        if problem or (problem := check_tags(file_tags)):
            self.error(1, "front matter: " + problem)
        base_tags = settings.tags + file_tags
        if (word := _on_off(self.front.get("report", "on"))) not in ("on", "off"):
            self.error(1, f"front matter: report must be 'on' or 'off', not '{word}'")
        self.default_type = settings.default_type.strip().lower()
        # An unknown 'type:' in deck.yaml is reported once there (check/notetypes.py).
        self.default_broken = bool(self.default_type and self.type_problem(self.default_type))
        if "type" in self.front:
            value = self.front["type"]
            self.default_type = value.strip().lower() if isinstance(value, str) else ""
            problem = self.type_problem(self.default_type) if isinstance(value, str) else None
            if not isinstance(value, str) or problem:
                self.error(1, "front matter: " + (problem or "'type' must be a card type"))
            self.default_broken = not isinstance(value, str) or problem is not None
        return [card for d in drafts if (card := self.card(d, deck, base_tags))]

    def type_problem(self, name: str) -> str | None:
        """Return why ``name`` is no card type, with a did-you-mean; None when it is one."""
        return type_problem(name, self.notetypes)

    def card(self, draft: Draft, deck: str, base_tags: tuple[str, ...]) -> Card | None:
        name = draft.meta.get("type", self.default_type).strip().lower()
        if "type" not in draft.meta and self.default_broken:
            return None  # the file's 'type:' is reported once, at its front matter
        if name in self.notetypes:
            return self.custom_card(draft, self.notetypes[name], deck, base_tags)
        if name and "type" not in draft.meta:
            draft.meta["type"] = name
        before = self.blocking()
        meta_line = draft.meta_line or draft.line
        lines, choices, stray = split_choices(draft.sections["question"])
        glued = bool(glued_options(draft.sections["question"]))
        kind = self.kind(draft, meta_line, bool(choices) or glued)
        if kind is not NoteKind.CHOICE:
            lines, choices = draft.sections["question"], []
        body = join_text(lines)
        question = draft.heading + ("\n\n" + body if body else "")
        answer = self.answer(draft, kind)
        if kind is NoteKind.CHOICE:
            self.check_choices(draft, choices, stray)
        if kind is NoteKind.CLOZE and not _CLOZE.search(question):
            self.error(draft.line, "cloze card has no deletion such as {{c1::text}}", "bad-cloze")
        if kind is NoteKind.CLOZE and (number := _too_large_cloze(question)):
            message = f"deletion number c{number} is too large; Anki counts c1 to c{MAX_CLOZE}"
            self.error(draft.line, message, "bad-cloze")
        if kind is NoteKind.CLOZE:
            self.check_cloze(draft)
        fields = self.occlusion(draft) if kind is NoteKind.OCCLUSION else ()
        card_tags, card_id, guid = self.identity(draft)
        shuffle = draft.meta.get("shuffle", "no").lower()
        if shuffle not in ("yes", "no"):
            self.error(meta_line, f"shuffle must be 'yes' or 'no', not '{shuffle}'")
        if kind is None or self.blocking() > before:
            return None
        return Card(
            location=self.loc(draft.line),
            kind=kind,
            card_id=card_id or derived_id(question),
            explicit_id=bool(card_id),
            question=question,
            answer=answer,
            explanation=join_text(draft.sections.get("explanation", [])),
            hint=join_text(draft.sections.get("hint", [])),
            tags=tuple(sorted(set(base_tags + card_tags))),
            deck=unicodedata.normalize("NFC", deck),  # one deck, however the folder is spelt
            source=str(self.source.relpath),
            choices=tuple(choices),
            shuffle=shuffle == "yes",
            meta_line=draft.meta_line,
            fields=fields,
            guid=guid,
            report=self.report(draft),
        )

    def occlusion(self, draft: Draft) -> tuple[tuple[str, str], ...]:
        """Return an image occlusion card's five fields (Anki's), reporting what is wrong.

        The body holds the image and the masks (``parse/occlusion.py``); its other lines join
        the heading in ``Header``; ``### Explanation`` is ``Back Extra``.
        """
        from ankismith.parse.occlusion import (  # only occlusion cards need it: 5 ms to load
            MASK_EXAMPLE,
            OCCLUDE,
            group_labels,
            groups,
            occlusion_cloze,
            read_occlusion,
        )

        meta_line = draft.meta_line or draft.line
        occlude = draft.meta.get("occlude", "all").strip().lower()
        if occlude not in OCCLUDE:
            self.error(meta_line, f"occlude must be 'all' or 'one', not '{occlude}'", BAD)
        numbered = zip(draft.numbers.get("question", []), draft.sections["question"], strict=False)
        found, problems = read_occlusion(list(numbered))
        for line, message in problems:
            self.error(line, message, BAD)
        if not found.image:
            self.error(draft.line, "occlusion card has no image line such as ![](heart.png)", BAD)
        if not found.masks and not problems:
            self.error(draft.line, f"occlusion card has no mask such as '{MASK_EXAMPLE}'", BAD)
        elif found.masks and not groups(found.masks):
            self.error(draft.line, "occlusion card has only text masks: no card to ask", BAD)
        if "hint" in draft.sections:
            self.error(draft.section_lines["hint"], "occlusion cards have no '### Hint'", BAD)
        header = draft.heading + ("\n\n" + found.header if found.header else "")
        return (
            ("Occlusion", occlusion_cloze(found.masks, occlude)),
            ("Image", found.image),
            ("Header", header),
            ("Back Extra", join_text(draft.sections.get("explanation", []))),
            ("Comments", group_labels(found.masks)),
        )

    def report(self, draft: Draft) -> bool:
        """Return whether the card shows the report link: ``report: off`` (card, else file)."""
        if "report" not in draft.meta:
            return _on_off(self.front.get("report", "on")) != "off"
        word = _on_off(draft.meta["report"])
        if word not in ("on", "off"):
            self.error(draft.meta_line or draft.line, f"report must be 'on' or 'off', not '{word}'")
        return word != "off"

    def identity(self, draft: Draft) -> tuple[tuple[str, ...], str, str]:
        """Return the card's own tags, id and guid from its metadata, reporting bad ones."""
        meta_line = draft.meta_line or draft.line
        card_tags, problem = meta_tags(draft.meta.get("tags", ""))
        if problem or (problem := check_tags(card_tags)):
            self.error(meta_line, problem)
        card_id = draft.meta.get("id", "")
        if card_id and not _ID.match(card_id):
            self.error(meta_line, f"id '{card_id}' {ID_RULE}")
        guid = draft.meta.get("guid", "")
        if "guid" in draft.meta and not _GUID.match(guid):
            self.error(meta_line, "guid must be 1 to 100 characters without spaces or '\"'")
        return card_tags, card_id, guid

    def custom_card(
        self, draft: Draft, note_type: NoteTypeDef | None, deck: str, base_tags: tuple[str, ...]
    ) -> Card | None:
        """Return a card of the author's own note type (None when that failed to load)."""
        before = self.blocking()
        card_tags, card_id, guid = self.identity(draft)
        if note_type is None:
            return None  # the note type's own problems are reported at its notetype.yaml
        sections = {
            key[len(FIELD_PREFIX) :]: (draft.section_lines[key], join_text(lines))
            for key, lines in draft.sections.items()
            if key.startswith(FIELD_PREFIX)
        }
        body = join_text(draft.sections["question"])
        lines = zip(draft.sections["question"], draft.numbers.get("question", []), strict=False)
        body_line = next((number for text, number in lines if text.strip()), draft.line)
        fields, problems = custom_fields(
            note_type, draft.line, draft.heading, body, body_line, sections
        )
        for line, message, code in problems:
            self.error(line, message, code)
        if self.blocking() > before:
            return None
        question = fields[0][1]
        return Card(
            location=self.loc(draft.line),
            kind=None,
            card_id=card_id or derived_id(question),
            explicit_id=bool(card_id),
            question=question,
            answer="",
            tags=tuple(sorted(set(base_tags + card_tags))),
            deck=deck,
            source=str(self.source.relpath),
            meta_line=draft.meta_line,
            notetype=note_type.key,
            fields=fields,
            guid=guid,
            report=self.report(draft),
        )

    def kind(self, draft: Draft, meta_line: int, has_choices: bool) -> NoteKind | None:
        """Return the card's kind: explicit ``type``, else choice for a task list, else basic."""
        if "type" not in draft.meta:
            return NoteKind.CHOICE if has_choices else NoteKind.BASIC
        kind = _kind(draft.meta["type"])
        if kind is None:
            self.error(meta_line, self.type_problem(draft.meta["type"].strip().lower()) or "")
        return kind

    def answer(self, draft: Draft, kind: NoteKind | None) -> str:
        """Return the answer text, reporting a missing, empty or misplaced one."""
        answer = join_text(draft.sections.get("answer", []))
        if kind is NoteKind.CLOZE:
            if "answer" in draft.sections:
                self.error(draft.section_lines["answer"], CLOZE_ANSWER, "bad-cloze")
            return ""
        if kind is NoteKind.OCCLUSION:
            if "answer" in draft.sections:
                self.error(draft.section_lines["answer"], OCCLUSION_ANSWER, BAD)
            return ""
        if kind is NoteKind.CHOICE or kind is None:
            return answer  # None: whether an answer is needed depends on the type, reported above
        if "answer" not in draft.sections:
            message = "card has no '### Answer' section"
            if _CLOZE.search(draft.heading + "\n" + "\n".join(draft.sections["question"])):
                message += "; for a cloze card, add 'type: cloze' to its <!-- --> comment"
            self.error(draft.line, message, "missing-answer")
        elif not answer:
            self.error(draft.section_lines["answer"], "'### Answer' is empty", "missing-answer")
        elif kind is NoteKind.TYPEIN and "\n" in answer:
            self.error(draft.section_lines["answer"], TYPEIN_ANSWER)
        elif kind is NoteKind.TYPEIN:
            numbered = zip(draft.numbers["answer"], draft.sections["answer"], strict=False)
            line = next(n for n, text in numbered if text.strip())
            answer, found = typein_answer(answer, self.loc(line))
            self.errors += found
        return answer

    def check_cloze(self, draft: Draft) -> None:
        """Report every malformed deletion at its own line (one colon, one brace, c0, unclosed)."""
        numbered = zip(draft.numbers.get("question", []), draft.sections["question"], strict=False)
        for line, message in cloze_slips([(draft.line, draft.heading), *numbered]):
            self.error(line, message, "bad-cloze")

    def check_choices(self, draft: Draft, choices: list[Choice], stray: int | None) -> None:
        """Report a choice card without options, without a right one, or with text after them."""
        glued = glued_options(draft.sections["question"])
        for index, message in glued:
            self.error(draft.numbers["question"][index], message, "bad-choices")
        if glued:
            return
        if stray is not None:
            line = draft.numbers["question"][stray]
            self.error(
                line,
                "nothing may follow the options of a choice card; move it above them",
                "bad-choices",
            )
        if len(choices) < 2:
            self.error(
                draft.line,
                "choice card needs at least two options ('- [x] right', '- [ ] wrong')",
                "bad-choices",
            )
        elif not any(c.correct for c in choices):
            self.error(
                draft.line, "choice card has no right option; mark one with '- [x]'", "bad-choices"
            )


def meta_tags(value: str) -> tuple[tuple[str, ...], str | None]:
    """Return the tags of a card comment's ``tags:``, and what is wrong with them.

    Tags are words separated by spaces or commas, or a YAML flow list as in front matter:
    ``tags: [definition, greedy]`` is ``definition`` and ``greedy``, never ``[definition``.
    """
    text = value.strip()
    listed = text.startswith("[") and text.endswith("]")
    words = tuple(
        w.strip("'\"") for w in (text[1:-1] if listed else text).replace(",", " ").split()
    )
    if any(ch in w for w in words for ch in "[]{}"):
        return (), f"tags '{text}' are no list of tags: write 'tags: [a, b]' or 'tags: a b'"
    return words, None


def _too_large_cloze(question: str) -> str | None:
    """Return the first deletion number beyond Anki's range, shortened for a message."""
    for match in _CLOZE_NUMBER.finditer(question):
        for digits in match.group(1).split(","):
            # Compare lengths first: int() refuses strings of thousands of digits.
            if digits and (len(digits.lstrip("0")) > 5 or int(digits) > MAX_CLOZE):
                return digits if len(digits) <= 12 else digits[:12] + "..."
    return None


def _kind(name: str) -> NoteKind | None:
    try:
        return NoteKind(name.strip().lower())
    except ValueError:
        return None


def join_text(lines: list[str]) -> str:
    """Join lines, dropping blank lines at both ends but keeping indentation (code blocks)."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(line.rstrip() for line in lines[start:end])
