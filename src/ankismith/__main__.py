"""Allow ``python -m ankismith``."""

from ankismith.cli import main

main()
