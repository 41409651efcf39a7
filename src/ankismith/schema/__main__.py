"""``python -m ankismith.schema``: write ``deck.schema.json`` anew from the declared settings."""

from __future__ import annotations

from pathlib import Path

from ankismith.schema import DECK_SCHEMA
from ankismith.schema.generate import schema_text

if __name__ == "__main__":
    target = Path(__file__).with_name(DECK_SCHEMA)
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
