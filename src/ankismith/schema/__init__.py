"""The JSON Schemas of ``deck.yaml`` and ``ankismith.yaml`` shipped for editors and CI.

``deck.schema.json`` is written from the declarations in ``parse/settings.py``, and
``project.schema.json`` from those in ``parse/project.py``, by
``python -m ankismith.schema`` (``generate.py``); files are checked by the same declarations,
read by ``load_settings`` (``validate.py``).
"""

from __future__ import annotations

from importlib import resources

DECK_SCHEMA = "deck.schema.json"
PROJECT_SCHEMA = "project.schema.json"


def deck_schema_text() -> str:
    """Return the JSON Schema of ``deck.yaml`` as shipped in the package."""
    return resources.files(__name__).joinpath(DECK_SCHEMA).read_text(encoding="utf-8")


def project_schema_text() -> str:
    """Return the JSON Schema of ``ankismith.yaml`` as shipped in the package."""
    return resources.files(__name__).joinpath(PROJECT_SCHEMA).read_text(encoding="utf-8")
