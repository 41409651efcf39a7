"""Rules over the author's templates and stylesheets: overrides of ours and note types' own. Pure.

Known files and fields (overrides); then every template is judged as a browser parses it
(``sanitize/template.py``) and every stylesheet as CSS (``sanitize/css.py``): errors for what
could run or load a page, ``remote-resource`` warnings for loads from the network, and a
``template-script`` warning for each script a note type opted into by ``scripts:`` keeps.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import msgspec
import msgspec.structs

from ankismith.findings import Finding
from ankismith.model import Location, NoteKind, NoteTypeDef
from ankismith.notetypes.builtin import NOTE_TYPES, template_text
from ankismith.notetypes.labels import LABEL_KEYS, PLACEHOLDER, unknown_placeholders
from ankismith.parse.settings import DeckSettings
from ankismith.text import closest, split_lines

if TYPE_CHECKING:  # imported where a template or stylesheet is judged (tinycss2, html5lib)
    from ankismith.sanitize.css import CssProblem
    from ankismith.sanitize.template import TemplateProblem

# Anki's special fields, always available in templates.
SPECIAL_FIELDS = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag"})
FIELD_REF = re.compile(r"\{\{\s*[#^/]?\s*(?:[^{}:]*:)*([^{}:]+?)\s*\}\}")  # as Anki: filters:F


def override_names() -> dict[str, tuple[str, ...]]:
    """Return every template file an author may override, with the fields it may use."""
    names: dict[str, tuple[str, ...]] = {"style.css": ()}
    for note_type in NOTE_TYPES.values():
        if note_type.kind is NoteKind.OCCLUSION:
            continue  # Anki's own template, which its reviewer and mask editor expect as it is
        for template in note_type.templates:
            names[template.front] = names[template.back] = note_type.fields
    return names


def check_override(name: str, text: str) -> str | None:
    """Return why an author's template override cannot be used, or None."""
    allowed = override_names()
    if name not in allowed:
        return f"unknown template override '{name}' (known: {', '.join(sorted(allowed))})"
    for match in FIELD_REF.finditer(text):
        field = match.group(1).strip()
        if name != "style.css" and field not in allowed[name] and field not in SPECIAL_FIELDS:
            return f"uses field '{field}', which this note type lacks ({', '.join(allowed[name])})"
    return label_problem(text)


def label_problem(text: str) -> str | None:
    """Return why a label placeholder in ``text`` cannot be filled, or None."""
    for key in unknown_placeholders(text):
        return f"uses label '[[label:{key}]]', which does not exist ({', '.join(LABEL_KEYS)})"
    return None


def _locate(path: str, text: str, message: str) -> Location:
    """Return the first line of ``text`` holding a quoted name from ``message``, else line 1."""
    quoted = message.split("'")[1::2]
    for number, line in enumerate(split_lines(text), start=1):
        if any(q and q in line for q in quoted):
            return Location(path, number)
    return Location(path, 1)


def bad_overrides(templates: Sequence[tuple[str, str]], folder: str) -> list[Finding]:
    """Report every override in ``folder`` that is unknown or uses a field its note type lacks."""
    errors = []
    for name, text in templates:
        if problem := check_override(name, text):
            path = f"{folder}/{name}"
            errors.append(Finding(_locate(path, text, problem), problem, "bad-template"))
    return errors


def _override_front(name: str, templates: Sequence[tuple[str, str]]) -> str | None:
    """Return the front a back override is shown after (``{{FrontSide}}``), or None."""
    given = dict(templates)
    for note_type in NOTE_TYPES.values():
        for template in note_type.templates:
            if template.back == name:
                return given.get(template.front) or template_text(template.front)
    return None


def _findings(
    path: str, problems: Sequence[TemplateProblem | CssProblem], what: str
) -> list[Finding]:
    from ankismith.sanitize.css import REMOTE
    from ankismith.sanitize.template import TemplateProblem

    found = []
    for problem in problems:
        remote = problem.remote if isinstance(problem, TemplateProblem) else problem.kind == REMOTE
        code = "remote-resource" if remote else "bad-template"
        found.append(Finding(Location(path, problem.line), f"{what}{problem.message}", code))
    return found


def css_findings(path: str, text: str, what: str = "") -> list[Finding]:
    """Judge a stylesheet a note type ships, labels included: errors and remote warnings."""
    from ankismith.sanitize.css import REFUSED, REMOTE, CssProblem, stylesheet_problems
    from ankismith.sanitize.css import strings as css_strings

    problems: list[CssProblem] = stylesheet_problems(text)
    placeholders = [m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(1) is not None]
    if placeholders:
        inside = "".join(value for _, value in css_strings(text))
        for number, line in enumerate(split_lines(text), start=1):
            for match in PLACEHOLDER.finditer(line):
                if match.group(1) is not None and match.group(0) not in inside:
                    message = (
                        f"label '{match.group(0)}' outside a quoted CSS string: only a string "
                        '(content: "...") keeps a label\'s text from being read as CSS'
                    )
                    problems.append(CssProblem(number, message, REFUSED))
    worded = [
        msgspec.structs.replace(p, message=f"{p.message}: offline learners get an unstyled card")
        if p.kind == REMOTE
        else p
        for p in problems
    ]
    return _findings(path, worded, what)


def unsafe_overrides(templates: Sequence[tuple[str, str]], folder: str) -> list[Finding]:
    """Judge every override as a browser parses it: only allowlisted markup, nothing active.

    The scripts our own templates ship (the choice shuffle) may be kept; no other script.
    Loads from the network are warnings.
    """
    if not templates:
        return []
    from ankismith.sanitize.template import judge_template

    known = override_names()
    found = []
    for name, text in templates:
        path = f"{folder}/{name}"
        if name.endswith(".css"):
            found += css_findings(path, text)
        elif name in known:
            found += _findings(
                path, judge_template(text, front=_override_front(name, templates)).problems, ""
            )
    return found


def opted_in(settings: DeckSettings, notetypes: Mapping[str, NoteTypeDef | None]) -> set[str]:
    """Return the keys of the author's note types that ``scripts:`` names (by key or name)."""
    names = set(settings.scripts)
    return {
        key
        for key, note_type in notetypes.items()
        if note_type is not None and (key in names or note_type.name in names)
    }


def unsafe_notetypes(
    notetypes: Mapping[str, NoteTypeDef | None], settings: DeckSettings
) -> list[Finding]:
    """Judge the author's note types: templates as a browser parses them, and their CSS.

    A note type that ``scripts:`` names keeps its own ``<script>``s: each one is listed (a
    ``template-script`` warning), so a reviewer sees every script a deck ships.
    """
    if not any(notetypes.values()):
        return []
    from ankismith.sanitize.template import judge_template

    allowed = opted_in(settings, notetypes)
    found: list[Finding] = []
    for key, note_type in notetypes.items():
        if note_type is None:
            continue
        scripts = key in allowed
        for template in note_type.templates:
            sides = (
                ("front", template.front_file, judge_template(template.front, scripts=scripts)),
                (
                    "back",
                    template.back_file,
                    judge_template(template.back, front=template.front, scripts=scripts),
                ),
            )
            for side, path, judged in sides:
                what = f"note type '{key}': template '{template.name}' {side}: "
                found += _findings(path, judged.problems, what)
                for line in judged.scripts:
                    message = (
                        f"{what}keeps a <script>, run on every card of this note type"
                        f"{' (deck.yaml scripts: opts in)' if scripts else ''}; review it"
                    )
                    found.append(Finding(Location(path, line), message, "template-script"))
        if note_type.css_file:
            found += css_findings(note_type.css_file, note_type.css, f"note type '{key}': ")
    return list({(f.location, f.message): f for f in found}.values())


def scripts_names(
    settings: DeckSettings, notetypes: Mapping[str, NoteTypeDef | None], path: str
) -> list[Finding]:
    """Report a name in ``scripts:`` that is none of the author's note types."""
    found = []
    ours = {kind.value for kind in NoteKind} | {t.name for t in NOTE_TYPES.values()}
    known = sorted(
        {k for k, t in notetypes.items() if t is not None}
        | {t.name for t in notetypes.values() if t is not None}
    )
    where = Location(path, settings.line_of("scripts"))
    for name in settings.scripts:
        if name in known:
            continue
        if name in ours:
            message = (
                f"scripts: '{name}' is one of ankismith's own note types, whose only script is "
                "the choice shuffle it ships; only your own note types (_notetypes/) may opt in"
            )
        else:
            guess = closest(name, known)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            listing = f"; yours: {', '.join(known)}" if known else "; there are none in _notetypes/"
            message = f"scripts: '{name}' is not one of your note types{hint}{listing}"
        found.append(Finding(where, message, "syntax"))
    return found
