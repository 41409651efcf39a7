"""ankismith: compile Markdown flashcards into Anki decks that update learners in place."""

import os
import signal
import sys

__version__ = "0.1.0"


def _interrupted(signum: int, frame: object) -> None:
    """End at Ctrl-C with one line and exit code 130; temp files are removed on the way out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the cleanup
    sys.stderr.write("Interrupted; nothing more was written.\n")
    raise SystemExit(130)


# Set as the package is first imported, before click or any module of ours loads, so that
# Ctrl-C at any moment of a command gives one line and exit code 130, never a traceback.
if os.path.basename(sys.argv[0]) == "ankismith" or sys.argv[0] == "-m":
    signal.signal(signal.SIGINT, _interrupted)
