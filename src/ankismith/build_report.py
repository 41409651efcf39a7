"""Print what a build wrote: details for ``--verbose``, one JSON document for ``--format json``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone

from ankismith.model import BuildReport
from ankismith.text import plural


def _utc(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def details(report: BuildReport, seconds: float) -> list[str]:
    """Return the ``--verbose`` lines: cache use, build time, checksum, time taken."""
    total = report.rendered + report.reused
    return [
        f"rendered {plural(report.rendered, 'note')} of {total}, "
        f"{report.reused} from the render cache",
        f"build time {report.build_time} ({_utc(report.build_time)})",
        f"{plural(report.cards, 'note')}, {plural(report.anki_cards, 'card')}",
        f"sha256 {report.sha256}",
        f"took {seconds:.2f} s",
    ]


def as_json(report: BuildReport, seconds: float) -> str:
    """Return the build as a JSON document with stable keys, for scripts and CI."""
    return json.dumps(_document(report, seconds), indent=2, ensure_ascii=False) + "\n"


def as_json_list(reports: Sequence[BuildReport], seconds: float) -> str:
    """Return the builds of several decks as a JSON array of ``as_json``'s documents.

    ``seconds`` is the time of them all, shared out evenly.
    """
    each = seconds / max(len(reports), 1)
    documents = [_document(report, each) for report in reports]
    return json.dumps(documents, indent=2, ensure_ascii=False) + "\n"


def _document(report: BuildReport, seconds: float) -> dict[str, object]:
    """Return the JSON document of one build."""
    return {
        "version": 1,
        "output": report.output,
        "sha256": report.sha256,
        "size": report.size,
        "notes": report.cards,
        "cards": report.anki_cards,
        "decks": list(report.decks),
        "name": report.name,
        "build_time": report.build_time,
        "build_time_utc": _utc(report.build_time),
        "rendered": report.rendered,
        "reused": report.reused,
        "seconds": round(seconds, 3),
        "warnings": list(report.warnings),
    }
