"""``ankismith push`` and ``pull``: the author's own Anki, kept in step with the Markdown.

``push.py`` builds and imports the deck; ``pull.py`` merges edits made in Anki back, three-way,
against ``record.py``'s base (what the last push put into Anki); ``fields.py`` pairs a card's
Markdown with its note's fields; ``edit.py`` rewrites one section of a card file;
``collection.py`` opens a closed collection with the ``anki`` package; ``profile.py`` finds
where Anki keeps a profile's collection.
"""
