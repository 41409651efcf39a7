"""Judge HTML a card shows as a browser parses it: only allowlisted elements and attributes.

Fields never hold anything else (the output sanitiser removes it). Templates (checked through
``sanitize/template.py``) and what Anki renders (``verify``) are judged here, node by node
over ``html5.parse``: an element or attribute off ``policy``'s template allowlist, an event
handler, a URL that is neither a bundled file nor ``http(s)``/``mailto``, CSS that loads or
ends its element. A ``<script>`` passes only when it is one our templates ship, or when the
caller allows the note type's own scripts (the deck's ``scripts:`` opt-in). Anki's own output
passes in exactly its own form: the ``{{hint:}}`` filter's link, its ``<style>``, and the setup
script of its stock Image Occlusion template.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import msgspec

from ankismith.notetypes.builtin import NOTE_TYPES, template_text
from ankismith.sanitize.css import REMOTE, declarations_problems, stylesheet_problems, url_kind
from ankismith.sanitize.html5 import Node, TooDeep, parse
from ankismith.sanitize.policy import (
    TEMPLATE_ATTRIBUTES,
    TEMPLATE_GLOBAL,
    TEMPLATE_TAGS,
    TEMPLATE_URL_ATTRIBUTES,
)

_SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|livescript):", re.I)
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")
# Anki's {{hint:Field}} (rslib template_filters.rs), the one handler Anki itself writes.
_HINT_ONCLICK = re.compile(
    r"this\.style\.display='none';\s*document\.getElementById\('hint[0-9a-f]+'\)"
    r"\.style\.display='block';\s*return false;"
)
# Anki's stock Image Occlusion template (rslib image_occlusion/notetype.rs): its setup script,
# the error line in the collection's language, which must stay text (no markup, no ${...}).
_IMAGE_OCCLUSION = re.compile(
    r"try \{\s*anki\.imageOcclusion\.setup\(\);\s*\} catch \(exc\) \{\s*"
    r'document\.getElementById\("err"\)\.innerHTML = `[^`$\\<>]*<br><br>\$\{exc\}`;\s*\}'
)
_ANKI_STYLE = "<style>"
"""How Anki starts every side it renders: the note type's CSS in a ``<style>`` element."""
_WHY = {
    "script": "runs script",
    "iframe": "loads another page (srcdoc or data: can carry script)",
    "frame": "loads another page",
    "frameset": "loads other pages",
    "object": "loads a plug-in or page",
    "embed": "loads a plug-in or page",
    "applet": "runs a plug-in",
    "base": "changes where every relative URL loads from",
    "link": "loads a stylesheet or more",
    "meta": "can reload or redirect the card",
    "form": "submits to an address",
    "noscript": "holds raw text a browser reads as markup elsewhere",
    "noembed": "holds raw text",
    "noframes": "holds raw text",
    "xmp": "holds raw text",
    "title": "holds raw text",
    "textarea": "holds raw text",
    "plaintext": "swallows the rest of the card",
    "template": "holds markup a script can clone",
    "style": "CSS belongs in the note type's stylesheet",
    "svg:svg": "SVG can hold script and load resources",
    "math:math": "MathML here can hold links; Anki typesets \\( \\) math itself",
    "video": "loads media: use [sound:] or an image",
    "audio": "loads media: use [sound:]",
    "source": "loads media",
    "picture": "loads images by rules nothing checks",
    "portal": "loads another page",
}


class Active(msgspec.Struct, frozen=True):
    """One thing in HTML that could run, load a page, or load from the network."""

    line: int
    """Line in the HTML judged."""
    what: str
    """What it is and why it may not be there."""
    remote: bool = False
    """True for a load from the network (a warning), False for what is refused."""


@cache
def shipped_scripts() -> frozenset[str]:
    """Return the text of every ``<script>`` in our own templates: the only scripts allowed."""
    names = {n for t in NOTE_TYPES.values() for tpl in t.templates for n in (tpl.front, tpl.back)}
    found = set()
    for name in sorted(names):
        nodes = parse(template_text(name))
        for index, node in enumerate(nodes):
            if node.kind == "element" and node.name == "script":
                found.add(element_text(nodes, index).strip())
    return frozenset(found)


def element_text(nodes: Sequence[Node], index: int) -> str:
    """Return the text inside the element at ``nodes[index]`` (a script's or a style's body)."""
    depth = len(nodes[index].ancestors) + 1
    body = []
    for node in nodes[index + 1 :]:
        if len(node.ancestors) < depth:
            break
        if node.kind == "text":
            body.append(node.text)
    return "".join(body)


def _allowed_attribute(tag: str, name: str) -> bool:
    return (
        name in TEMPLATE_GLOBAL
        or name.startswith(("data-", "aria-"))
        or name in TEMPLATE_ATTRIBUTES.get(tag, frozenset())
    )


def _url_problem(tag: str, name: str, value: str, line: int) -> Active | None:
    shown = value if len(value) <= 40 else value[:40]
    if _SCRIPT_URL.match(_BLANKS.sub("", value)):
        return Active(line, f"'{shown}' in {name} of <{tag}>")
    kind = url_kind(value)
    if kind is None:
        return None
    if kind == REMOTE:
        if name == "href" and tag == "a":
            return None  # a link: nothing loads until the learner follows it
        return Active(line, f"'{shown}' in {name} of <{tag}> loads from the network", True)
    if tag == "a" and _BLANKS.sub("", value).lower().startswith("mailto:"):
        return None
    return Active(
        line,
        f"'{shown}' in {name} of <{tag}>: a URL may name a bundled file, http(s) or mailto only",
    )


def judge_element(node: Node, *, hint: bool = False) -> list[Active]:
    """Return what is wrong with one element's name and attributes (scripts aside).

    With ``hint``, the ``onclick`` of Anki's own ``{{hint:}}`` link is accepted in its form.
    """
    tag, line = node.name, node.line
    if tag != "script" and tag not in TEMPLATE_TAGS:
        why = _WHY.get(tag, "not an element a card may hold")
        return [Active(line, f"<{tag}>: {why}")]
    found: list[Active] = []
    for name, value in node.attributes:
        if name.startswith("on"):
            if hint and tag == "a" and name == "onclick" and _HINT_ONCLICK.fullmatch(value):
                continue
            found.append(Active(line, f"event handler '{name}' on <{tag}>"))
        elif tag == "script":
            continue  # judged with the script
        elif not _allowed_attribute(tag, name):
            found.append(Active(line, f"attribute '{name}' on <{tag}>: not allowed on a card"))
        elif name in TEMPLATE_URL_ATTRIBUTES:
            if problem := _url_problem(tag, name, value, line):
                found.append(problem)
        elif name == "style":
            found += [
                Active(line, f"style of <{tag}>: {p.message}", p.kind == REMOTE)
                for p in declarations_problems(value)
            ]
    return found


def judge_script(node: Node, body: str, allowed: bool) -> list[Active]:
    """Return why a ``<script>`` may not stay: its body, its source, and whether it may run."""
    src = dict(node.attributes).get("src")
    if src is not None:
        if allowed and url_kind(src) is None and not _SCRIPT_URL.match(src.strip()):
            return []
        return [Active(node.line, "a <script> that loads code from a file or the network")]
    if allowed or body.strip() in shipped_scripts() or _IMAGE_OCCLUSION.fullmatch(body.strip()):
        return []
    return [Active(node.line, "a <script> that ankismith did not write")]


def scripts_in(html: str) -> tuple[str, ...]:
    """Return every ``<script>`` in ``html`` as a browser finds it: its source, else its text.

    HTML too deep to read counts as one script, so a diff shows a change to it.
    """
    try:
        nodes = parse(html)
    except TooDeep as exc:
        return (f"({exc})",)
    return tuple(
        f"src={dict(node.attributes)['src']}"
        if "src" in dict(node.attributes)
        else element_text(nodes, index).strip()
        for index, node in enumerate(nodes)
        if node.kind == "element" and node.name == "script"
    )


def judge_html(html: str, scripts: bool = False) -> list[Active]:
    """Return every problem in HTML as Anki shows it (a rendered side of a card).

    ``scripts`` allows the note type's own scripts (the deck opted in). Anki's ``<style>`` is
    judged as CSS, once per stylesheet (every card of a note type starts with the same one);
    its ``{{hint:}}`` link is judged as its own.
    """
    found: list[Active] = []
    if html.startswith(_ANKI_STYLE) and (end := html.find("</style>")) > 0:
        found += _style_problems(html[len(_ANKI_STYLE) : end], 1)
        html = html[end + len("</style>") :]
    try:
        nodes = parse(html)
    except TooDeep as exc:
        return [*found, Active(1, f"{exc}: not judged, so refused")]
    for index, node in enumerate(nodes):
        if node.kind != "element":
            continue
        if node.name == "style":
            found += _style_problems(element_text(nodes, index), node.line)
            continue
        found += judge_element(node, hint=True)
        if node.name == "script":
            found += judge_script(node, element_text(nodes, index), scripts)
    return found


def _style_problems(css: str, line: int) -> list[Active]:
    return [
        Active(line, f"<style>: {p.message}", p.kind == REMOTE) for p in stylesheet_problems(css)
    ]


def active_content(html: str) -> list[tuple[int, str]]:
    """Return (line, what) for everything in ``html`` that could run or is not allowed.

    Loads from the network are left out (they are warnings); the scripts our own templates
    ship are not counted.
    """
    return [(a.line, a.what) for a in judge_html(html) if not a.remote]
