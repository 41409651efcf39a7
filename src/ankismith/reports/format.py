"""``ankismith reports`` output: human lines, JSON and GitHub annotations (as ``check`` prints)."""

from __future__ import annotations

import json

from ankismith.check_report import annotation_line
from ankismith.reports.match import Reports
from ankismith.text import one_line, plural


def _summary(reports: Reports) -> str:
    found = f"{plural(len(reports.placed), 'learner report')} beside their cards"
    gone = f"{plural(len(reports.gone), 'report')} whose card no longer exists"
    return f"{found}, {gone}; {plural(reports.other, 'other issue')} left out."


def human(reports: Reports, verbosity: int = 0) -> str:
    """Return ``path:line: learner report #12: <title>`` lines, then those whose card is gone."""
    lines = [
        f"{p.location}: learner report #{p.issue.number}: {one_line(p.issue.title)}"
        for p in reports.placed
    ]
    if reports.gone:
        lines.append("Reports whose card no longer exists:")
        lines += [
            f"  #{i.number}: {one_line(i.title)} (card {i.card_id or i.guid}) {i.url}".rstrip()
            for i in reports.gone
        ]
    if verbosity >= 0:
        lines.append(_summary(reports))
    return "".join(f"{line}\n" for line in lines)


def as_json(reports: Reports) -> str:
    """Return the reports as a JSON document (stable keys, for editors and scripts)."""

    def issue(i_number: int, title: str, url: str) -> dict[str, object]:
        return {"number": i_number, "title": title, "url": url}

    document = {
        "version": 1,
        "reports": [
            {
                "path": one_line(p.location.path),
                "line": p.location.line,
                "card": p.card_id,
                **issue(p.issue.number, p.issue.title, p.issue.url),
            }
            for p in reports.placed
        ],
        "gone": [
            {"card": i.card_id, "guid": i.guid, **issue(i.number, i.title, i.url)}
            for i in reports.gone
        ],
        "other": reports.other,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def github(reports: Reports, verbosity: int = 0) -> str:
    """Return one GitHub Actions notice per report at its card's line, then a plain summary."""
    lines = [
        annotation_line("notice", p.location, f"learner report #{p.issue.number}", p.issue.title)
        for p in reports.placed
    ]
    lines += [f"learner report #{i.number}: {one_line(i.title)}: card gone" for i in reports.gone]
    if verbosity >= 0:
        lines.append(_summary(reports))
    return "".join(f"{line}\n" for line in lines)


def render(reports: Reports, fmt: str, verbosity: int = 0) -> str:
    """Return the reports as ``human``, ``json`` or ``github`` text."""
    if fmt == "json":
        return as_json(reports)
    if fmt == "github":
        return github(reports, verbosity)
    return human(reports, verbosity)
