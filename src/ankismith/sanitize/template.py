"""Judge a card template as Anki fills it and a browser parses it: syntax, markup, what runs.

Anki's template syntax (``{{Field}}``, ``{{#F}}...{{/F}}``, ``{{^F}}``, filters, ``{{FrontSide}}``)
and our label placeholders are replaced by markers before the text is parsed as HTML5
(``html5.parse``), so the parse shows where each one lands:

- a field, a section tag and the template's end must land in text (each marker starts with a
  letter, as a field's text may: ``<{{F}}`` would open a tag, and is refused), where the browser is
  between tags: then whatever a field holds (sanitised HTML) stays inside the element it was
  put in, and removing a section removes whole tags, never half of one. A field in an
  attribute (``href="{{F}}"``), a tag, a comment or a ``<script>`` is refused: its text could
  end the attribute or become a ``javascript:`` link. A template that ends inside a tag is
  refused: ``{{FrontSide}}`` would let the back finish it. The back is judged with its front
  put in place of ``{{FrontSide}}``.
- a label lands in text or in a quoted ``title``, ``alt``, ``placeholder``, ``aria-*`` or
  ``data-*`` value (its text is escaped for HTML when it is filled); a section that opens and
  closes inside one such value, or ``class`` (``class="{{#Hint}}hinted{{/Hint}}"``), passes:
  dropping it removes text within the value, nothing else;
- ``{{text:F}}`` is refused: it decodes a field's escaped text (a code span showing
  ``<img onerror=...>``) into live HTML. So is a filter Anki does not ship.

Every element and attribute is then judged by ``active.judge_element`` (the template allowlist),
scripts by ``active.judge_script``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

import msgspec

from ankismith.notetypes.labels import PLACEHOLDER
from ankismith.sanitize.active import Active, element_text, judge_element, judge_script
from ankismith.sanitize.html5 import Node, TooDeep, parse


class AnkiTag(msgspec.Struct, frozen=True):
    """One ``{{...}}`` of Anki's template syntax."""

    start: int
    """Offset of its ``{{``."""
    end: int
    """Offset just past its ``}}``."""
    inner: str
    """What stands between the braces, as written."""

    def group(self, number: int) -> str:
        """Return the tag as written (0) or what is inside it (1), as a regex match would."""
        return self.inner if number else f"{{{{{self.inner}}}}}"


def anki_tags(text: str) -> Iterator[AnkiTag]:
    """Yield every tag as Anki's parser finds it: ``{{`` up to the next ``}}``. Linear time."""
    pos = 0
    while (start := text.find("{{", pos)) != -1:
        end = text.find("}}", start + 2)
        if end == -1:
            return  # no tag closes after here: the rest is text
        yield AnkiTag(start, end + 2, text[start + 2 : end])
        pos = end + 2


SAFE_FILTERS = frozenset(
    {"hint", "cloze", "cloze-only", "type", "nc", "furigana", "kana", "kanji", "tts", "tts-voices"}
)
"""Anki's filters whose output is the field's HTML, marked up by Anki (never decoded)."""
_UNESCAPING = {
    "text": (
        "decodes the field's escaped text into live HTML (a code span showing "
        "<img onerror=...> becomes a real tag)"
    )
}
_LABEL_ATTRIBUTES = frozenset({"title", "alt", "placeholder"})
_WITH_FRONT = "with the front in place of {{FrontSide}}: "
_MARK = re.compile("\ue000([0-9]+)\ue001|\ue002([0-9]+) \ue003")
_ANY_MARK = re.compile("x?[\ue000-\ue003][0-9]*\ue001?")


class TemplateProblem(msgspec.Struct, frozen=True):
    """One thing wrong with a template, at its line."""

    line: int
    """Line in the template file."""
    message: str
    """What and why."""
    remote: bool = False
    """True for a load from the network (a warning); else an error."""


class Judged(msgspec.Struct, frozen=True):
    """What a template holds that matters: its problems and the scripts it keeps."""

    problems: tuple[TemplateProblem, ...]
    """Errors and warnings, by line."""
    scripts: tuple[int, ...]
    """Line of every ``<script>`` that stays in the template."""


class _Mark(msgspec.Struct, frozen=True):
    kind: str  # field, section, label, end
    text: str  # as written
    line: int


def _lines_at(text: str) -> list[int]:
    """Return the offset each line of ``text`` starts at."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset)


def filter_problem(tag: str) -> str | None:
    """Return why a replacement tag's filters are refused (``text:F``), or None."""
    *filters, _field = tag.split(":")
    for name in filters:
        word = name.strip().split(" ")[0].lower()
        if word in _UNESCAPING:
            return f"'{{{{{tag.strip()}}}}}': the '{word}' filter {_UNESCAPING[word]}"
        if word and word not in SAFE_FILTERS:  # an empty one ({{cloze::F}}) Anki passes over
            known = ", ".join(sorted(SAFE_FILTERS))
            return f"'{{{{{tag.strip()}}}}}': '{word}' is not one of Anki's filters ({known})"
    return None


def _substitute(
    text: str, marks: list[_Mark], problems: list[TemplateProblem], front: str | None, at: int = 0
) -> str:
    """Return ``text`` with every Anki tag and label replaced by a marker, noting each one.

    ``front`` takes the place of ``{{FrontSide}}``, its lines joined so the back's keep their
    numbers (a newline and a space read the same between tags); ``at`` is the line its marks
    are reported at.
    """
    starts = _lines_at(text)
    out: list[str] = []
    pos = 0
    found: list[tuple[int, int, str, AnkiTag | re.Match[str]]] = [
        (m.start, m.end, "anki", m) for m in anki_tags(text)
    ]
    found += [(m.start(), m.end(), "label", m) for m in PLACEHOLDER.finditer(text)]
    found.sort(key=lambda item: item[0])
    for start, end, what, match in found:
        if start < pos:
            continue  # inside a tag already replaced
        line = at or _line(starts, start)
        out.append(text[pos:start])
        pos = end
        keep_lines = "\n" * match.group(0).count("\n")
        if what == "label":
            if match.group(1) is None:  # [[lang]]: fixed attributes, their value checked
                out.append(match.group(2) + 'lang="und" dir="ltr"')
                continue
            marks.append(_Mark("label", match.group(0), line))
            out.append(f"x\ue002{len(marks) - 1} \ue003{keep_lines}")
            continue
        inner = match.group(1).strip()
        if inner.startswith(("=", "!")):
            message = f"'{match.group(0)}': ankismith reads only {{{{...}}}} tags"
            problems.append(TemplateProblem(line, message))
            continue
        if inner == "FrontSide" and front is not None:
            shown = _substitute(front, marks, [], None, line).replace("\n", " ")
            out.append(shown + keep_lines)
            continue
        if inner[:1] in "#^/":
            marks.append(_Mark("section", match.group(0), line))
        else:
            if problem := filter_problem(inner):
                problems.append(TemplateProblem(line, problem))
            marks.append(_Mark("field", match.group(0), line))
        out.append(f"x\ue000{len(marks) - 1}\ue001{keep_lines}")
    out.append(text[pos:])
    return "".join(out)


def _marks_in(text: str) -> Iterator[tuple[int, bool]]:
    """Yield (mark index, whole) for every marker in ``text``; a split label is not whole."""
    for match in _MARK.finditer(text):
        yield int(match.group(1) or match.group(2)), True
    for stray in re.finditer("\ue002([0-9]+)(?! \ue003)", text):
        yield int(stray.group(1)), False


def judge_template(text: str, *, front: str | None = None, scripts: bool = False) -> Judged:
    """Judge one side of a card template; ``front`` is the front's text when this is a back.

    ``scripts`` keeps the template's own ``<script>`` (the deck opted in for this note type);
    without it only the scripts our note types ship may stay. A back is judged alone, then with
    its front in place of ``{{FrontSide}}``: what only the two together hold is reported at the
    line of ``{{FrontSide}}``.
    """
    own = _judge(text, None, scripts)
    if front is None or not any(m.inner.strip() == "FrontSide" for m in anki_tags(text)):
        return own
    alone = {p.message for p in (*own.problems, *_judge(front, None, scripts).problems)}
    together = _judge(text, front, scripts)
    extra = [
        TemplateProblem(
            p.line, f"with the front in place of {{{{FrontSide}}}}: {p.message}", p.remote
        )
        for p in together.problems
        if p.message not in alone
    ]
    return Judged(_ordered([*own.problems, *extra]), own.scripts)


def _ordered(problems: list[TemplateProblem]) -> tuple[TemplateProblem, ...]:
    unique = {(p.line, p.message): p for p in problems}
    return tuple(sorted(unique.values(), key=lambda p: (p.line, p.message)))


def _judge(text: str, front: str | None, scripts: bool) -> Judged:
    marks: list[_Mark] = []
    problems: list[TemplateProblem] = []
    body = _substitute(text, marks, problems, front)
    marks.append(_Mark("end", "", text.count("\n") + 1))
    body += f"x\ue000{len(marks) - 1}\ue001"
    try:
        nodes = parse(body)
    except TooDeep as exc:
        return Judged((TemplateProblem(1, f"{exc}: a card template this deep is refused"),), ())
    placed: set[int] = set()
    kept: list[int] = []
    for index, node in enumerate(nodes):
        problems += _judge_node(node, nodes, index, marks, placed, kept, scripts)
    for index, mark in enumerate(marks):
        if index not in placed:
            where = "inside an unfinished tag, where a browser drops it"
            problems.append(TemplateProblem(mark.line, _misplaced(mark, where)))
    return Judged(_ordered(problems), tuple(kept))


def _misplaced(mark: _Mark, where: str) -> str:
    if mark.kind == "end":
        return (
            f"the template ends {where}: Anki would let what follows it (the back, after "
            "{{FrontSide}}) finish it; close every tag and comment"
        )
    if mark.kind == "label":
        return (
            f"label '{mark.text}' stands {where}: a label belongs between tags, or in a quoted "
            "title, alt, placeholder, aria-* or data-* value"
        )
    what = "field" if mark.kind == "field" else "section tag"
    return (
        f"{what} '{mark.text}' stands {where}: its text could end that and add markup or "
        "script; put it between tags"
    )


def _judge_node(
    node: Node,
    nodes: list[Node],
    index: int,
    marks: list[_Mark],
    placed: set[int],
    kept: list[int],
    scripts: bool,
) -> list[TemplateProblem]:
    found: list[TemplateProblem] = []

    def mark_problem(number: int, where: str) -> None:
        placed.add(number)
        found.append(TemplateProblem(marks[number].line, _misplaced(marks[number], where)))

    if node.kind == "comment":
        for number, _whole in _marks_in(node.text):
            mark_problem(number, "inside an HTML comment")
        return found
    if node.kind == "text":
        in_script = "script" in node.ancestors
        for number, whole in _marks_in(node.text):
            mark = marks[number]
            if in_script and (mark.kind != "section" or not scripts):
                mark_problem(number, "inside a <script>")
            elif not whole:
                mark_problem(number, "split in two")
            else:
                placed.add(number)
        return found
    line = node.line
    for name, value in node.attributes:
        for number, _whole in _marks_in(name):
            mark_problem(number, f"inside the tag <{_clean(node.name)}>")
        balanced = _balanced_sections(value, marks) and _label_attribute(name, "class")
        for number, whole in _marks_in(value):
            mark = marks[number]
            label_ok = mark.kind == "label" and whole and _label_attribute(name)
            if label_ok or (mark.kind == "section" and balanced):
                placed.add(number)
            elif mark.kind == "label" and not whole:
                mark_problem(number, f"in an unquoted value of '{_clean(name)}'")
            else:
                mark_problem(number, f"inside the attribute '{_clean(name)}'")
    for number, _whole in _marks_in(node.name):
        mark_problem(number, "inside a tag name")
    clean = Node(
        node.kind,
        _clean(node.name),
        tuple(
            (_clean(k), _ANY_MARK.sub("", v)) for k, v in node.attributes if _ANY_MARK.sub("", k)
        ),
        node.text,
        line,
        node.ancestors,
    )
    judged: list[Active] = judge_element(clean)
    if node.name == "script":
        script = judge_script(clean, element_text(nodes, index), scripts)
        judged += script
        if not script:
            kept.append(line)
    found += [TemplateProblem(a.line, _why(a), a.remote) for a in judged]
    return found


def _why(active: Active) -> str:
    if active.remote:
        return f"{active.what}: offline learners see nothing; bundle the file instead"
    return f"{active.what}: a card template may not hold it; remove it"


def _label_attribute(name: str, *more: str) -> bool:
    return name in _LABEL_ATTRIBUTES or name in more or name.startswith(("aria-", "data-"))


def _balanced_sections(value: str, marks: list[_Mark]) -> bool:
    """Tell whether the section tags in an attribute value open and close inside it.

    Then Anki removes, at most, text within the value, and a value's text can hold neither its
    own quote nor, unquoted, a space or ``>``: the attribute stays one attribute.
    """
    stack: list[str] = []
    for number, _whole in _marks_in(value):
        mark = marks[number]
        if mark.kind != "section":
            continue
        inner = mark.text[2:-2].strip()
        if inner[:1] in "#^":
            stack.append(inner[1:].strip())
        elif not stack or stack.pop() != inner[1:].strip():
            return False
    return not stack


def _clean(name: str) -> str:
    return _ANY_MARK.sub("", name) or "?"
