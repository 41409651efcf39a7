"""The quick answer: a build with nothing changed, or ``check`` after a build, before the CLI loads.

``answer.py`` reads the command line and the inputs raw and writes a recorded answer (standard
library only: it runs before anything else is imported); ``record.py`` runs the full command
when there is none, and records what it printed. docs/performance.md says what is answered.
"""
