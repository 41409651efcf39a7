"""Import packages into a real Anki collection (the official ``anki`` backend) for tests."""

from __future__ import annotations

import re
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportResponse


def open_collection(path: Path) -> Collection:
    """Open (or create) a collection file."""
    return Collection(str(path))


def import_apkg(col: Collection, apkg: Path) -> ImportResponse.Log:
    """Import a package with Anki's default options and return its log."""
    request = ImportAnkiPackageRequest(
        package_path=str(apkg), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    return col.import_anki_package(request).log


def text(html: str) -> str:
    """Return the visible text of rendered card HTML, whitespace folded."""
    html = re.sub(r"<(style|script)>.*?</\1>", " ", html, flags=re.S)
    plain = re.sub(r"<[^>]+>", " ", html)
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(plain.split())
