"""Field settings and field and template ids of the author's note types, in real Anki.

A learner who has a release built before ankismith wrote ids (no field or template ids), then
one with settings and ids, then one with other settings: each import updates the note type and
the notes in place. No copy of the note type, no conflicting note, review history kept.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ankismith.apkg import buildtime
from ankismith.parse.notetype_settings import derived_id
from ankismith.parse.notetypes import custom_id
from tests.anki.learner import Learner, counts
from tests.helpers import COUNTRY_TYPE, WriteTree, custom_tree, release

# After the layout time of this ankismith, as any release made with it is.
V1 = buildtime.LAYOUT_CHANGED + 86400
V2, V3 = V1 + 86400, V1 + 2 * 86400
COUNTRY = "_notetypes/country/notetype.yaml"
SETTINGS_A = COUNTRY_TYPE.replace(
    "  - Country\n",
    "  - name: Country\n    description: The country's English name\n    font: Noto Serif\n"
    "    size: 24\n",
).replace("  - Notes\n", "  - name: Notes\n    collapsed: true\n    exclude_from_search: true\n")
SETTINGS_B = (
    SETTINGS_A.replace("English name", "name in English")
    .replace("collapsed: true", "collapsed: false\n    plain_text: true")
    .replace("size: 24", "size: 30")
)


@pytest.fixture(name="learner")
def _learner(tmp_path: Path) -> Iterator[Learner]:
    learner = Learner(tmp_path / "learner")
    yield learner
    learner.close()


def without_ids(apkg: Path) -> Path:
    """Remove every field and template id from ``apkg``'s note types: a release made before."""
    with zipfile.ZipFile(apkg) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    database = apkg.with_suffix(".anki2")
    database.write_bytes(entries["collection.anki2"])
    conn = sqlite3.connect(database)
    (raw,) = conn.execute("select models from col").fetchone()
    models = json.loads(raw)
    for model in models.values():
        for part in (*model["flds"], *model["tmpls"]):
            part.pop("id", None)
    conn.execute("update col set models = ?", (json.dumps(models),))
    conn.commit()
    conn.close()
    entries["collection.anki2"] = database.read_bytes()
    with zipfile.ZipFile(apkg, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return apkg


def field_config(learner: Learner) -> list[dict[str, object]]:
    learner.col.models._clear_cache()  # the import changed it behind the Python side's back
    country = learner.col.models.get(custom_id("country-v1"))  # type: ignore[arg-type]
    assert country is not None
    return list(country["flds"])


def test_field_settings_and_ids_arrive_and_change_in_place(
    write_tree: WriteTree, tmp_path: Path, learner: Learner
) -> None:
    tree = custom_tree()
    old = without_ids(release(write_tree(tree), tmp_path / "v1", V1))
    learner.install(old)
    assert all("id" not in f or f["id"] is None for f in field_config(learner))
    learner.review_all()
    reviewed = learner.notes()
    types = learner.notetypes()

    tree[COUNTRY] = SETTINGS_A
    log = learner.install(release(write_tree(tree), tmp_path / "v2", V2))
    assert counts(log)[3] == 0 and learner.notetypes() == types
    fields = field_config(learner)
    ident = custom_id("country-v1")
    assert [f["id"] for f in fields] == [derived_id(ident, "field", f["name"]) for f in fields]
    country = learner.col.models.get(ident)  # type: ignore[arg-type]
    assert country is not None
    names = [t["name"] for t in country["tmpls"]]
    assert [t["id"] for t in country["tmpls"]] == [derived_id(ident, "template", n) for n in names]
    first, notes = fields[0], fields[4]
    assert (first["description"], first["font"], first["size"]) == (
        "The country's English name",
        "Noto Serif",
        24,
    )
    assert (notes["collapsed"], notes["excludeFromSearch"], notes["plainText"]) == (
        True,
        True,
        False,
    )

    tree[COUNTRY] = SETTINGS_B
    tree["countries.md"] = str(tree["countries.md"]).replace("Paris", "Paris, on the Seine")
    log = learner.install(release(write_tree(tree), tmp_path / "v3", V3))
    new, updated, _, conflicting = counts(log)
    assert (new, conflicting) == (0, 0) and updated >= 1
    assert learner.notetypes() == types  # no copy of the note type
    fields = field_config(learner)
    first, notes = fields[0], fields[4]
    assert (first["description"], first["size"]) == ("The country's name in English", 30)
    assert (notes["collapsed"], notes["plainText"]) == (False, True)
    after = learner.notes()
    assert after.keys() == reviewed.keys()
    for guid, note in reviewed.items():
        assert after[guid].note_id == note.note_id and after[guid].mid == note.mid
        assert after[guid].cards == note.cards  # same cards, same scheduling and history
    assert any("Paris, on the Seine" in n.fields.get("Capital", "") for n in after.values())
