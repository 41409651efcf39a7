"""Print check results for people (colour on a terminal), for tools (JSON) and for GitHub."""

from __future__ import annotations

import json
from collections.abc import Mapping

import click

from ankismith.findings import Finding, Severity, rule_of
from ankismith.model import Location
from ankismith.pipeline import Compiled
from ankismith.text import one_line

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def use_colour(environ: Mapping[str, str], *, tty: bool) -> bool:
    """Colour on a terminal or when ``FORCE_COLOR`` is set; never when ``NO_COLOR`` is."""
    if "NO_COLOR" in environ:
        return False
    return tty or bool(environ.get("FORCE_COLOR"))


def _rules_seen(compiled: Compiled) -> list[str]:
    codes = sorted({d.code for d in compiled.diagnostics})
    return [f"[{c}] {rule_of(c).summary}: docs/checks.md#{c}" for c in codes]


def human(compiled: Compiled, *, colour: bool, verbosity: int = 0) -> str:
    """Return one ``path:line: [warning: ]message [code]`` line per finding, then a summary."""
    lines = []
    for d in compiled.diagnostics:
        text = str(d)
        if colour:
            # The same words as without colour: only emphasis is added.
            where = click.style(str(d.location), bold=True)
            label = (
                click.style("warning: ", fg="yellow", bold=True)
                if d.severity is Severity.WARNING
                else ""
            )
            code = click.style(f"[{d.code}]", fg=_COLOURS[d.level])
            text = f"{where}: {label}{one_line(d.message)} {code}"
        lines.append(text)
    if verbosity > 0:
        lines += _rules_seen(compiled)
    if verbosity >= 0:
        prefix = "" if compiled.diagnostics else "No problems: "
        lines.append(f"{prefix}{compiled.summary()}.")
    return "".join(f"{line}\n" for line in lines)


def as_json(compiled: Compiled) -> str:
    """Return the findings as a JSON document (stable keys, for editors and scripts)."""
    document = {
        "version": 2,
        "summary": {
            "errors": compiled.errors,
            "warnings": len(compiled.diagnostics) - compiled.errors,
            "notes": compiled.total,
        },
        "diagnostics": [
            {
                "path": one_line(d.location.path),
                "line": d.location.line,
                "column": d.location.column or None,
                "code": d.code,
                "severity": d.level.value,
                "message": d.message,
            }
            for d in compiled.diagnostics
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape(text: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command escaping: data escapes % CR LF; properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotation_line(level: str, where: Location, title: str, message: str) -> str:
    """Return one GitHub Actions annotation (``error``, ``warning`` or ``notice``) at ``where``."""
    props = [f"file={_escape(one_line(where.path), prop=True)}"]
    if where.line:
        props.append(f"line={where.line}")
        if where.column:
            props.append(f"col={where.column}")
    props.append(f"title={_escape(title, prop=True)}")
    return f"::{level} {','.join(props)}::{_escape(message)}"


def annotation(d: Finding, title: str = "") -> str:
    """Return a finding as a GitHub Actions annotation, titled by its rule code or ``title``."""
    return annotation_line(d.level.value, d.location, title or d.code, d.message)


def github(compiled: Compiled, verbosity: int = 0) -> str:
    """Return GitHub Actions annotations, one per finding, then a plain summary."""
    lines = [annotation(d) for d in compiled.diagnostics]
    if verbosity >= 0:
        lines.append(compiled.summary() + ".")
    return "".join(f"{line}\n" for line in lines)


def render(compiled: Compiled, fmt: str, *, colour: bool = False, verbosity: int = 0) -> str:
    """Return the report as ``human``, ``json`` or ``github`` text.

    ``verbosity`` -1 (``--quiet``) leaves out the summary line; 1 (``--verbose``) adds what
    each rule found means. The JSON document is the same at every verbosity.
    """
    if fmt == "json":
        return as_json(compiled)
    if fmt == "github":
        return github(compiled, verbosity)
    return human(compiled, colour=colour, verbosity=verbosity)
