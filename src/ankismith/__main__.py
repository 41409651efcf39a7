"""Allow ``python -m ankismith``: a recorded answer at once (``quick/``), else the command line."""

from ankismith.quick.entry import main

main()
