"""``python -m ankismith.schema``: write both schemas anew from their declarations."""

from __future__ import annotations

from pathlib import Path

from ankismith.schema import DECK_SCHEMA, PROJECT_SCHEMA
from ankismith.schema.generate import project_schema_text, schema_text

if __name__ == "__main__":
    for name, text in ((DECK_SCHEMA, schema_text()), (PROJECT_SCHEMA, project_schema_text())):
        target = Path(__file__).with_name(name)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
