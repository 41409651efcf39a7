"""Every limit on the size of what ankismith reads, each with its reason. Numbers only.

Input may come from anyone: a card file, a package to import. Each limit is far beyond what
honest input needs and bounds the memory and time a hostile one can cost. The checks stay with
their stage and take their numbers from here: ``content/files.py`` (text files),
``parse/frontmatter.py`` (YAML), ``parse/limits.py`` (a card file's lines and paragraphs),
``apkg/reader.py`` and ``importing/readers/crowdanki.py`` (decks to import),
``importing/convert.py`` (an imported field's HTML), ``importing/layout.py`` (the card files an
import writes). docs/checks.md (``limit``) lists them for authors.
"""

from __future__ import annotations

MiB = 1024 * 1024

# A project's text files.
TEXT_BYTES = 1 * MiB
"""Largest card file, ``deck.yaml`` or template override, in bytes: about a thousand cards."""
YAML_CHARS = 256 * 1024
"""Most characters of YAML read at once (front matter, deck.yaml): settings are short."""

# A card file's text (and the deck description), before Python-Markdown, whose time grows
# faster than the text for some inputs: these keep the work per paragraph bounded.
LINE_CHARS = 10_000
"""Longest line, in characters."""
NESTING = 32
"""Deepest nesting of lists and quotes inside each other."""
HTML_DEPTH = 256
"""Deepest nesting of elements in a template or a card side judged as HTML (Chromium's parser
itself stops nesting at 512); deeper is refused, so judging stays linear and never recurses."""
CODE_BLOCKS = 1_000
"""Most fenced code blocks in one file."""
UNCLOSED_BRACKETS = 32
"""Most unclosed ``[`` in one paragraph."""
UNCLOSED_LINKS = 32
"""Most unclosed ``](`` (a link without its ``)``) in one paragraph."""
BACKSLASHES = 256
"""Most backslashes in one paragraph."""
EMPHASIS_MARKS = 128
"""Most ``*`` and ``_`` together in one paragraph."""
BACKTICKS = 256
"""Most backticks in one paragraph."""

# A deck to import (.apkg, .colpkg or CrowdAnki folder): a zip bomb is refused before it
# is inflated.
PACKAGE_BYTES = 256 * MiB
"""Size of the .apkg or .colpkg itself."""
ENTRY_BYTES = 256 * MiB
"""Uncompressed size of one entry of a package, or of one file of a CrowdAnki folder."""
TOTAL_BYTES = 1024 * MiB
"""Uncompressed size of all entries (a CrowdAnki folder's media) together."""
RATIO = 200
"""Uncompressed / compressed size of an entry (checked above ``RATIO_FROM``)."""
RATIO_FROM = 1 * MiB
"""Entries smaller than this may compress as well as they like."""
DECK_DEPTH = 100
"""Deepest nesting of subdecks (``children``) in a CrowdAnki ``deck.json``; real decks nest a
few levels."""
IMPORTED_HTML_DEPTH = 100
"""Deepest nesting of elements in one imported field: the converter walks them recursively."""

# What an import writes.
IMPORTED_FILE_BYTES = TEXT_BYTES // 2
"""Most bytes of a card file an import writes (then cards-2.md ...): half ``TEXT_BYTES``."""

ISSUES_BYTES = 64 * MiB
"""Largest issue export ``ankismith reports`` reads: gh prints a few KB per issue, so tens of
thousands of issues; beyond, the file is not an export (or ``--limit`` is far too high)."""
