"""The cache folder, the home of incremental rebuilds: what one build leaves for the next.

``folder.py`` says where the folder lives and holds its JSON documents; ``reuse.py`` reads what
the stages may reuse into one value (``Reuse``) and saves the one a build keeps; ``records.py``
holds what a build read and found, so an unchanged build or check is answered at once. The
stages never import this folder: they get what it held as arguments, and their output never
depends on it.
"""
