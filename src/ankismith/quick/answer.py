"""The quick answer: a build with nothing changed, or ``check`` after a build, before the CLI loads.

The one exception to "the command line parses options, calls one function, prints": both entry
points (the ``ankismith`` script and ``python -m ankismith``) call ``quick/entry.py`` first,
which asks this module. It reads the command line only in the forms it understands whole
(``read_argv``), makes a key of everything the command's result depends on, read raw
(``state_key``: the working folder, the environment that matters, Python and ankismith's own
files, the state of every file of the content folder, the git state), and looks the key up in
``quick.bin`` in the cache folder. When found, and the package (build) or the cache record
(``build.json``, ``check.json``) and the content files changed lately are still those recorded,
it writes what the command printed then, byte for byte, and exits with its code. In any other
case the full command runs, as ever (``quick/record.py``); what it printed is then recorded
under the key, when the key read the same after it ran as before. Anything this module cannot
read exactly (a project file, ``extends:``, a link in the content folder, an unusual git setup,
an option it does not know) is not answered.

Standard library only, and none of what makes start-up slow: no click, no YAML, no dataclasses,
no ``typing``, ``re`` or ``pathlib``.
"""

from __future__ import annotations

import marshal
import os
import sys
from _blake2 import blake2b

from ankismith.gitdir import read_bytes, repository
from ankismith.ownfiles import SETTLED_NS, own_files

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any, BinaryIO

DISABLE = "ANKISMITH_NO_QUICK"
"""Environment variable: when set (not empty), every command runs in full and records nothing."""
RECORDS = "quick.bin"
"""The file in the cache folder holding the recorded answers."""
KEPT = 8
"""How many answers ``quick.bin`` keeps, the last recorded."""
_CACHE_DIR = ".ankismith-cache"  # cache/folder.py's CACHE_DIR and ENVIRONMENT: tests/unit/quick
_CACHE_ENV = "ANKISMITH_CACHE_DIR"  # holds them to these
_ENVIRONMENT = (
    "NO_COLOR",
    "FORCE_COLOR",
    "PATH",
    "HOME",
    "XDG_CONFIG_HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
)
"""Variables the output of a command may depend on (colour, encoding, which git, its config)."""


class Form:
    """A command line ``read_argv`` understands: ``build`` or ``check`` and their options."""

    __slots__ = ("command", "content", "output", "progress", "quiet", "strict")

    def __init__(
        self,
        command: str,
        content: str = "content",
        output: str = "build",
        *,
        strict: bool = False,
        quiet: bool = False,
        progress: bool | None = None,
    ) -> None:
        self.command = command
        self.content = content
        """The content folder as given (``content`` when not)."""
        self.output = output
        """``-o`` as given (``build`` when not)."""
        self.strict = strict
        self.quiet = quiet
        self.progress = progress
        """``--progress`` (True), ``--no-progress`` (False), or neither (None)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Form) and self.text() == other.text()

    def __hash__(self) -> int:
        return hash(self.text())

    def __repr__(self) -> str:
        return f"Form({self.text()!r})"

    def text(self) -> str:
        """Return what the answer depends on: the command, its folders, ``--strict``, ``-q``.

        ``-j`` and ``--progress`` change how a build runs, never what it prints once nothing
        is to be rendered: they are not part of it.
        """
        fields = (self.command, self.content, self.output, self.strict, self.quiet)
        return "\0".join(str(field) for field in fields)


_FLAGS = {
    "build": {"--strict", "-q", "--quiet", "--progress", "--no-progress"},
    "check": {"--strict", "-q", "--quiet"},
}
_VALUES = {
    "build": {"-o": "output", "--output": "output", "-j": "jobs", "--jobs": "jobs"},
    "check": {"-o": "output", "--output": "output"},
}
_FORMATS = {"build": "text", "check": "human"}
"""The one ``--format`` of each command that is answered (JSON holds the time taken)."""


def read_argv(args: Sequence[str]) -> Form | None:
    """Return the command line ``args`` (without the program) as a Form, or None.

    Only what Click would read one way and this function reads whole: ``build`` or ``check``
    first, at most one content folder, ``-o``/``--output``, ``--strict``, ``-q``/``--quiet``,
    ``--format`` text (build) or human (check), and for a build ``-j``/``--jobs`` and
    ``--progress``/``--no-progress``; each at most once. Anything else (``-v``, ``--deck``,
    ``--help``, ``--``, a value starting with ``-``, an empty one) is None.
    """
    if not args or args[0] not in _FLAGS:
        return None
    command = args[0]
    flags: set[str] = set()
    values: dict[str, str] = {}
    content = None
    index = 1
    while index < len(args):
        arg = args[index]
        index += 1
        if arg in _FLAGS[command]:
            name = "--quiet" if arg == "-q" else arg
            name = "--progress" if name == "--no-progress" else name
            if name in flags:
                return None
            flags.add(name)
            continue
        if not arg.startswith("-"):
            if content is not None or not arg:
                return None
            content = arg
            continue
        option, equals, value = arg.partition("=")
        if equals and option.startswith("--"):
            pass
        elif arg in _VALUES[command] or arg == "--format":
            if index >= len(args):
                return None
            option, value = arg, args[index]
            index += 1
        elif arg[:2] in ("-o", "-j") and arg[:2] in _VALUES[command]:
            option, value = arg[:2], arg[2:]
        else:
            return None
        known = "format" if option == "--format" else _VALUES[command].get(option)
        if known is None or known in values or not value or value.startswith("-"):
            return None
        values[known] = value
    if values.get("format", _FORMATS[command]) != _FORMATS[command]:
        return None
    jobs = values.get("jobs", "1")
    if not (jobs.isascii() and jobs.isdigit() and 1 <= int(jobs) <= 64):
        return None
    progress = None
    if "--progress" in flags:
        progress = "--progress" in args
    return Form(
        command,
        content if content is not None else "content",
        values.get("output", "build"),
        strict="--strict" in flags,
        quiet="--quiet" in flags,
        progress=progress,
    )


def cache_dir(output: str, environ: Mapping[str, str]) -> str | None:
    """Return the cache folder of builds to ``output``, as ``cache/folder.py`` decides it.

    None for a path this function does not read as ``pathlib`` does (one starting with ``//``).
    """
    if environ.get(_CACHE_ENV):
        return environ[_CACHE_ENV]
    if output.startswith("//"):
        return None
    parts = [part for part in output.split("/") if part and part != "."]
    name = parts[-1] if parts else ""
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1 and name[dot:] == ".apkg":
        parts = parts[:-1]
    root = "/" if output.startswith("/") else ""
    return root + "/".join([*parts, _CACHE_DIR])


def stat_of(path: str) -> tuple[int, int, int, int] | None:
    """Return what tells a file's versions apart (inode, size, change times), or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _add(digest: blake2b, *parts: object) -> None:
    """Feed ``parts`` to ``digest``, each told apart from the next."""
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogateescape")
        digest.update(len(data).to_bytes(8, "little") + data)


def _tree(
    root: str, digest: blake2b, files: list[tuple[str, int]] | None = None, *, top_git: bool = False
) -> bool:
    """Feed every folder and file below ``root`` to ``digest``: each file's bytes, or its state.

    With ``files``, a file is fed by its size, inode and change times, and (path, change
    time) is added to ``files``: ``State.recent`` says which were changed too lately for those
    to tell their versions apart. Hidden files included: git sees them. False on a link, a
    special file, a nested ``.git`` or an unreadable folder (``top_git``: ``root``'s own
    ``.git`` is left out).
    """
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(os.path.join(root, folder) if folder else root) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:
            return False
        for entry in entries:
            relative = f"{folder}/{entry.name}" if folder else entry.name
            if entry.name == ".git":
                if top_git and not folder:
                    continue
                return False
            if entry.is_symlink():
                return False
            if entry.is_dir(follow_symlinks=False):
                folders.append(relative)
                _add(digest, "d", relative)
            elif entry.is_file(follow_symlinks=False) and files is not None:
                info = entry.stat(follow_symlinks=False)
                _add(digest, "f", relative, info.st_size, info.st_ino, info.st_mtime_ns)
                _add(digest, info.st_ctime_ns)
                files.append((entry.path, info.st_ctime_ns))
            elif entry.is_file(follow_symlinks=False):
                data = read_bytes(entry.path)
                if data is None:
                    return False
                _add(digest, "f", relative, blake2b(data).digest())
            else:
                return False
    return True


def _code(digest: blake2b) -> None:
    """Feed Python, its import path and ankismith's own files (by size and time) to ``digest``.

    The cache's ``code_version`` reads every file; their sizes and times tell the same
    versions apart for this purpose in a tenth of the time. An installed or removed library
    changes its folder's time on the import path.
    """
    _add(digest, sys.version, sys.executable, sys.path, sys.flags, sys.warnoptions)
    _add(digest, sorted(sys._xoptions.items()))
    here = os.getcwd()
    for place in sys.path:  # the working folder's own time changes with every file made in it
        _add(digest, stat_of(place) if place and os.path.abspath(place) != here else place)
    _add(digest, own_files())  # fed at once: 2 ms less than file by file


def _git_config_ok(data: bytes | None) -> bool:
    """Return False for a git config that names other files (includes, excludes, attributes)."""
    lowered = (data or b"").lower()
    return not any(word in lowered for word in (b"include", b"excludesfile", b"attributesfile"))


def _git(content: str, environ: Mapping[str, str], digest: blake2b) -> bool:
    """Feed what the git calls of ``build`` and ``check`` on ``content`` read to ``digest``.

    Outside any repository, that there is none. Inside one: HEAD and the branch it names, the
    packed refs, the tags (``release_tag``), the index's size and time, the shallow file, the
    config and ignore files of the repository, the user and the system, and the ``.gitignore``
    and ``.gitattributes`` above ``content``. False for what this does not read exactly: git
    variables naming other files, a ``.git`` that is a link or not a repository, configs with
    includes, a folder that could be a bare repository.
    """
    here = os.path.realpath(content)
    found = repository(here, environ)
    if found is None:
        return False
    if isinstance(found, str):
        _add(digest, "no repository")
        return True
    top, gitdir, common = found
    head = read_bytes(os.path.join(gitdir, "HEAD"))
    if head is None:
        return False
    _add(digest, "git", top, here, head, os.stat(top).st_uid, os.stat(gitdir).st_uid)
    if head.startswith(b"ref: "):
        ref = head[5:].strip().decode("utf-8", "surrogateescape")
        if not ref.startswith("refs/") or ".." in ref:
            return False
        _add(digest, read_bytes(os.path.join(common, ref)))
    _add(digest, stat_of(os.path.join(gitdir, "index")))
    for name in ("packed-refs", "shallow", "info/grafts", "info/exclude", "info/attributes"):
        _add(digest, name, read_bytes(os.path.join(common, name)))
    for name in ("info/exclude", "info/sparse-checkout"):
        _add(digest, name, read_bytes(os.path.join(gitdir, name)))
    for refs in ("refs/tags", "refs/replace"):
        if os.path.isdir(os.path.join(common, refs)):
            _add(digest, refs)
            if not _tree(os.path.join(common, refs), digest):
                return False
    home = environ.get("HOME", "")
    xdg = environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    configs = [
        os.path.join(common, "config"),
        os.path.join(gitdir, "config.worktree"),
        os.path.join(home, ".gitconfig"),
        os.path.join(xdg, "git", "config"),
        "/etc/gitconfig",
    ]
    for path in configs:
        data = read_bytes(path)
        if not _git_config_ok(data):
            return False
        _add(digest, path, data)
    for path in (os.path.join(xdg, "git", "ignore"), os.path.join(xdg, "git", "attributes")):
        _add(digest, path, read_bytes(path))
    folder = top
    below = os.path.relpath(here, top)
    for part in ("", *(below.split("/") if below != "." else ())):
        folder = os.path.join(folder, part) if part else folder
        for name in (".gitignore", ".gitattributes"):  # above the content and in it
            _add(digest, read_bytes(os.path.join(folder, name)))
    return True


def streams() -> tuple[BinaryIO, BinaryIO] | None:
    """Return the binary layers of stdout and stderr, or None when either has none."""
    out, err = getattr(sys.stdout, "buffer", None), getattr(sys.stderr, "buffer", None)
    return None if out is None or err is None else (out, err)


class State:
    """What ``state_key`` read: the key, and each content file with its change time."""

    __slots__ = ("files", "key")

    def __init__(self, key: bytes, files: list[tuple[str, int]]) -> None:
        self.key = key
        self.files = files

    def recent(self, now_ns: int) -> list[str]:
        """Return the files changed less than ``SETTLED_NS`` before ``now_ns`` (or after)."""
        return [path for path, changed in self.files if changed >= now_ns - SETTLED_NS]


def file_digests(paths: Sequence[str]) -> list[tuple[str, bytes | None]]:
    """Return each of ``paths`` with the digest of its bytes (None when it cannot be read)."""
    return [
        (path, None if (data := read_bytes(path)) is None else package_digest(data))
        for path in paths
    ]


def state_key(content: str, environ: Mapping[str, str]) -> State | None:
    """Return a digest of everything but the command line a ``build`` or ``check`` reads.

    Content files count by their state (size, inode, change times); those changed too lately
    for it to tell are compared by their bytes as well (``State.recent``, in each record).
    None when any of it cannot be read exactly: the quick answer then stands aside.
    """
    try:
        return _state(content, environ)
    except (OSError, ValueError):  # a working folder deleted, a name that is not text...
        return None


def _state(content: str, environ: Mapping[str, str]) -> State | None:
    """Return ``state_key``'s digest; may raise when something cannot be read."""
    binary = streams()
    if binary is None or os.path.lexists("ankismith.yaml"):
        return None  # the decks of a project: not answered
    if any(name.endswith("_COMPLETE") for name in environ):
        return None  # Click's shell completion, which prints something else entirely
    settings = read_bytes(os.path.join(content, "deck.yaml"))
    if settings is None or b"extends" in settings:
        return None  # no deck.yaml (an error), or a variant reading another folder
    digest = blake2b(digest_size=32)
    names = sorted(
        name for name in environ if name.startswith(("ANKISMITH_", "GIT_")) and name != DISABLE
    )
    environment = [(name, environ.get(name)) for name in (*_ENVIRONMENT, *names)]
    texts = (sys.stdout, sys.stderr)
    _add(digest, "ankismith quick 2", os.getcwd(), environment)
    _add(digest, [(t.encoding, t.errors, b.isatty()) for t, b in zip(texts, binary, strict=True)])
    _add(digest, content, os.path.realpath(content))
    _code(digest)
    files: list[tuple[str, int]] = []
    if not _tree(content, digest, files, top_git=True) or not _git(content, environ, digest):
        return None
    return State(digest.digest(), files)


def answer_key(form: Form, state: bytes, environ: Mapping[str, str]) -> bytes:
    """Return the key of ``form``'s answer in the inputs ``state`` names.

    A build's depends on ``SOURCE_DATE_EPOCH`` too; ``check`` never reads it.
    """
    digest = blake2b(state, digest_size=32)
    _add(digest, form.text())
    if form.command == "build":
        _add(digest, environ.get("SOURCE_DATE_EPOCH"))
    return digest.digest()


def load_records(path: str) -> dict[bytes, object]:
    """Return the answers recorded in ``path``; none when it is missing or corrupt."""
    data = read_bytes(path)
    if data is None or data[:32] != blake2b(data[32:], digest_size=32).digest():
        return {}
    try:
        records = marshal.loads(data[32:])
    except (ValueError, EOFError, TypeError):
        return {}
    return records if isinstance(records, dict) else {}


def dump_records(records: Mapping[bytes, object]) -> bytes:
    """Return ``records`` as ``load_records`` reads them: a checksum, then marshal's bytes."""
    payload = marshal.dumps(dict(records))
    return blake2b(payload, digest_size=32).digest() + payload


def _still_valid(record: Any) -> tuple[list[tuple[int, bytes]], int] | None:
    """Return (output, exit code) of ``record`` if what it guards is unchanged, else None.

    A record is (exit code, [(1 or 2, bytes written to stdout or stderr)], [(path, its
    ``stat_of``)], package path or None, the package's digest, [(path, digest)] of the
    content files changed lately when it was recorded).
    """
    try:
        code, chunks, guards, package, sealed, recent = record
        if any(stat_of(path) != (None if seen is None else tuple(seen)) for path, seen in guards):
            return None
        if file_digests([path for path, _ in recent]) != [tuple(pair) for pair in recent]:
            return None
        if package is not None:
            data = read_bytes(package) if isinstance(package, str) else None
            if data is None or package_digest(data) != sealed:
                return None
        if not all(stream in (1, 2) and isinstance(chunk, bytes) for stream, chunk in chunks):
            return None
        return list(chunks), int(code)
    except (TypeError, ValueError):
        return None


def package_digest(data: bytes) -> bytes:
    """Return the digest a record holds of a package's bytes."""
    return blake2b(data, digest_size=32).digest()


def answer(
    form: Form, state: State, environ: Mapping[str, str]
) -> tuple[list[tuple[int, bytes]], int] | None:
    """Return the recorded output and exit code of ``form`` in ``state``, or None."""
    folder = cache_dir(form.output, environ)
    if folder is None:
        return None
    key = answer_key(form, state.key, environ)
    found = load_records(os.path.join(folder, RECORDS)).get(key)
    return None if found is None else _still_valid(found)


def answerable(form: Form | None, environ: Mapping[str, str]) -> bool:
    """Return True when ``form`` may have a quick answer at all (not when turned off).

    A build's time is ``SOURCE_DATE_EPOCH``, else its content's last commit's (HEAD and the
    refs are in the key), else the clock: a build dated by the clock is never recorded.
    """
    return form is not None and not environ.get(DISABLE)
