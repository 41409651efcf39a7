"""Several decks in one repository: ``ankismith.yaml`` found and every command run per deck.

``project.py`` finds the decks (``find_project``: the project file's, else today's single
``content/``); ``clash.py`` refuses two decks that would share a deck name, a deck id or a note
type id; ``run.py`` builds and checks every deck, each with its own package and cache folder.
"""
