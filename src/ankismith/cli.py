"""Command line: parse options, call one pipeline function, print. No logic lives here."""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ankismith import __version__
from ankismith.text import plural

if TYPE_CHECKING:
    from ankismith.model import BuildReport

F = TypeVar("F", bound=Callable[..., Any])

CONTENT_DIR = click.argument("content_dir", default="content", type=click.Path(path_type=Path))
PROJECT_DIR = click.argument("content_dir", required=False, type=click.Path(path_type=Path))
"""CONTENT_DIR of a command that knows a project's decks: none given, ``ankismith.yaml``'s."""
DECK = click.option(
    "--deck", metavar="KEY", help="Only this deck of ankismith.yaml [default: every deck]."
)
ONE_DECK = click.option(
    "--deck", "deck_key", metavar="KEY", help="The deck of ankismith.yaml it is about."
)


def _output_option(default: str, help: str) -> Callable[[F], F]:
    """Return the ``-o/--output`` option shared by commands that write or read build output."""
    return click.option(
        "-o",
        "--output",
        default=default,
        show_default=True,
        type=click.Path(path_type=Path),
        help=help,
    )


def _format_option(choices: list[str], default: str, help: str) -> Callable[[F], F]:
    """Return the ``--format`` option of a command that prints in several formats."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help=help,
    )


def _size(size: int) -> str:
    return f"{size / 1024:.1f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MiB"


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value:
        return
    meta = ctx.find_root().meta
    wanted = 1 if param.name == "verbose" else -1
    if meta.setdefault("verbosity", wanted) != wanted:
        raise click.UsageError("--quiet and --verbose exclude each other", ctx)


def _verbosity(command: F) -> F:
    """Add ``-q/--quiet`` and ``-v/--verbose``, accepted before or after the command name."""
    for short, name, help_text in (
        ("-v", "--verbose", "Say more: cache use, build time, checksum, what each rule means."),
        ("-q", "--quiet", "Print problems only: no summary or success line."),
    ):
        command = click.option(
            short, name, is_flag=True, expose_value=False, callback=_set_verbosity, help=help_text
        )(command)
    return command


def _level() -> int:
    """Return -1 (quiet), 0 or 1 (verbose)."""
    return int(click.get_current_context().find_root().meta.get("verbosity", 0))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ankismith")
@_verbosity
@click.pass_context
def main(ctx: click.Context) -> None:
    """Compile Markdown flashcards into Anki decks that update learners in place.

    Shell completion: eval "$(_ANKISMITH_COMPLETE=bash_source ankismith)" in ~/.bashrc
    (zsh_source for zsh, fish_source for fish).
    """
    if ctx.invoked_subcommand not in ("build", "check"):
        collect_again()  # build and check first load their modules


def collect_again() -> None:
    """Let garbage collection run again, once a command's modules are loaded.

    The entry point (``quick/entry.py``) turns it off while Python loads modules; what loaded
    until now lives as long as the process, so no collection walks it again (``gc.freeze``).
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


@main.command()
@PROJECT_DIR
@DECK
@_output_option("build", "Directory for the .apkg, or a path ending in .apkg.")
@click.option(
    "--strict",
    is_flag=True,
    help="Treat every warning about the cards as an error ('not committed' stays a warning).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(1, 64), help="Rendering processes [default: one per CPU]."
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar for long builds [default: only on a terminal].",
)
@_format_option(
    ["text", "json"],
    "text",
    "json: path, sha256, notes, cards, decks and build time as JSON (an array for several decks).",
)
@_verbosity
def build(
    content_dir: Path | None,
    deck: str | None,
    output: Path,
    strict: bool,
    jobs: int | None,
    progress: bool | None,
    fmt: str,
) -> None:
    """Compile CONTENT_DIR (default: content, or every deck of ankismith.yaml) into an .apkg."""
    from ankismith.decks.run import build_decks
    from ankismith.progress import ProgressBar, default_jobs

    collect_again()
    started = time.perf_counter()
    with ProgressBar(progress) as bar:
        reports = build_decks(
            Path("."),
            content_dir,
            output,
            os.environ,
            deck=deck,
            strict=strict,
            workers=jobs or default_jobs(),
            progress=bar,
        )
    seconds = time.perf_counter() - started
    for report in reports:
        # Several decks in JSON: one array after them all, no document each.
        _built(report, seconds / len(reports), "" if fmt == "json" and len(reports) > 1 else fmt)
    if fmt == "json" and len(reports) > 1:
        from ankismith.build_report import as_json_list

        click.echo(as_json_list(reports, seconds), nl=False)


def _built(report: BuildReport, seconds: float, fmt: str) -> None:
    """Print what one build wrote, with its warnings and notices; its line, or its JSON."""
    from ankismith.build_report import as_json, details

    for warning in report.warnings:
        click.echo(str(warning), err=True)
    for notice in report.notices if _level() >= 0 else ():
        click.echo(f"notice: {notice}", err=True)
    for line in details(report, seconds) if _level() > 0 else ():
        click.echo(line, err=True)
    if fmt == "json":
        click.echo(as_json(report, seconds), nl=False)
    elif fmt == "text" and _level() >= 0:
        click.echo(
            f"Built {report.output}: {plural(report.cards, 'note')}, "
            f"{plural(report.anki_cards, 'card')} in {plural(len(report.decks), 'deck')}, "
            f"{_size(report.size)}"
        )


@main.command()
@PROJECT_DIR
@DECK
@_format_option(
    ["human", "json", "github"],
    "human",
    "human: path:line lines; json: for tools; github: Actions annotations.",
)
@click.option(
    "--strict", is_flag=True, help="Treat every warning of a rule as an error (docs/checks.md)."
)
@_output_option("build", "Where builds go: their render cache is reused, never written.")
@_verbosity
@click.pass_context
def check(
    ctx: click.Context,
    content_dir: Path | None,
    deck: str | None,
    fmt: str,
    strict: bool,
    output: Path,
) -> None:
    """Report every mistake in CONTENT_DIR (default: content, or every deck); write nothing."""
    from ankismith.check_report import render, use_colour
    from ankismith.decks.run import check_decks
    from ankismith.progress import default_jobs

    collect_again()
    compiled = check_decks(
        Path("."),
        content_dir,
        deck=deck,
        strict=strict,
        output=output,
        workers=default_jobs(),
        environ=os.environ,
    )
    colour = use_colour(os.environ, tty=sys.stdout.isatty())
    text = render(compiled, fmt, colour=colour, verbosity=_level())
    click.echo(text, nl=False, color=colour)
    ctx.exit(1 if compiled.errors else 0)


@main.command()
@PROJECT_DIR
@DECK
@click.option(
    "--keep-derived",
    is_flag=True,
    help="Write each card's current derived id (q-...) instead of a readable one, so learners "
    "who already have a released build keep those cards' review history.",
)
@_verbosity
def ids(content_dir: Path | None, deck: str | None, keep_derived: bool) -> None:
    """Write an id under every card in CONTENT_DIR (or every deck) that has none."""
    from ankismith.decks.run import ids_decks

    for report in ids_decks(Path("."), content_dir, deck=deck, keep_derived=keep_derived):
        for added in report.added:
            click.echo(f"{added.location}: added id '{added.card_id}'")
        if _level() < 0:
            continue
        if report.added:
            files = plural(report.files, "file")
            click.echo(f"Added {plural(len(report.added), 'id')} in {files}.")
        else:
            click.echo(f"All {plural(report.cards, 'note')} already have ids; nothing changed.")


@main.command()
@click.argument("deck", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--against",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The previous release: check DECK as an update learners of it would import.",
)
@click.option(
    "--content",
    type=click.Path(path_type=Path),
    help=(
        "Content directory whose deck.yaml 'scripts:' opts into template scripts, whose "
        "'absent_media:' names files the deck never held, and whose 'release:' accepts "
        "changes (with --against) [default: content, or the deck of ankismith.yaml]."
    ),
)
@ONE_DECK
@click.option(
    "--scripts",
    "scripts",
    multiple=True,
    metavar="NOTETYPE",
    help="Also accept this note type's own template scripts, beyond deck.yaml's 'scripts:'.",
)
def verify(
    deck: Path,
    against: Path | None,
    content: Path | None,
    deck_key: str | None,
    scripts: tuple[str, ...],
) -> None:
    """Import DECK into a throwaway Anki collection and check what learners would get.

    In a project of several decks, DECK's deck is --deck, else the one DECK is named after
    (build/KEY.apkg).
    """
    from ankismith.decks.project import choose_deck, other_decks
    from ankismith.errors import VerifyError
    from ankismith.release.compare import elsewhere_of
    from ankismith.release.refs import read_deck_settings
    from ankismith.verify.importer import verify as run_verify
    from ankismith.verify.verdict import report_lines

    one = choose_deck(Path("."), content, deck_key, deck)
    settings = read_deck_settings(one.content)
    others = other_decks(Path("."), one) if against is not None else ()
    elsewhere = elsewhere_of(str(deck), others, Path(".")) if others else None
    acceptance = settings.release if settings is not None and against is not None else None
    opted = frozenset(scripts) | frozenset(settings.scripts if settings is not None else ())
    absent = frozenset(settings.absent_media if settings is not None else ())
    report = run_verify(deck, against, acceptance, opted, absent, elsewhere)
    for line in report_lines(report):
        click.echo(line)
    if report.problems:
        raise VerifyError(f"{deck}: {plural(len(report.problems), 'problem')} found")


@main.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--content",
    type=click.Path(path_type=Path),
    help="Content directory to build when a side is a git ref "
    "[default: content, or the deck of ankismith.yaml].",
)
@ONE_DECK
@_format_option(["text", "markdown"], "text", "text: for a terminal; markdown: release notes.")
@click.option("--check", is_flag=True, help="Fail when NEW would strand learners of OLD.")
def diff(
    old: str, new: str, content: Path | None, deck_key: str | None, fmt: str, check: bool
) -> None:
    """Compare releases OLD and NEW, each an .apkg file or a git ref (built on the fly).

    In a project of several decks, name the deck with --deck (or OLD/NEW build/KEY.apkg).
    """
    from ankismith.decks.project import choose_deck, other_decks
    from ankismith.errors import GuardError
    from ankismith.release.compare import compare

    one = choose_deck(Path("."), content, deck_key, Path(new))
    others = other_decks(Path("."), one)
    result = compare(
        old,
        new,
        one.content,
        fmt=fmt,
        check=check,
        cwd=Path("."),
        shared=one.shared,
        others=others,
    )
    for warning in result.warnings:
        click.echo(warning, err=True)
    click.echo(result.output, nl=False)
    if result.error:
        raise GuardError(result.error)


@main.command()
@PROJECT_DIR
@DECK
@_output_option(
    "build/preview",
    "Directory for the site (one site for every deck of ankismith.yaml, with a switcher); an "
    "earlier preview there is replaced.",
)
@click.option("--open", "open_", is_flag=True, help="Open the index page in a browser.")
@click.option("--watch", is_flag=True, help="Rebuild on every change until Ctrl-C.")
@_verbosity
def preview(
    content_dir: Path | None, deck: str | None, output: Path, open_: bool, watch: bool
) -> None:
    """Write a static HTML preview of every card in CONTENT_DIR (default: content)."""
    from ankismith.decks.run import preview_decks
    from ankismith.preview.build import watch_preview

    decks, report = preview_decks(Path("."), content_dir, output, os.environ, deck=deck)
    for warning in report.warnings:
        click.echo(warning, err=True)
    if _level() >= 0:
        counts = f"{plural(report.notes, 'note')}, {plural(report.cards, 'card')}"
        if report.decks > 1:
            counts = f"{plural(report.decks, 'deck')}, {counts}"
        click.echo(f"Wrote {report.index}: {counts}, {_size(report.size)}")
    if open_:
        click.launch(str(report.index))
    if watch:
        watch_preview(decks, output, click.echo)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name", help="Deck name shown in Anki (default: from DIRECTORY).")
@click.option("--repository", default="", help="The deck's repository URL (cards link to it).")
@click.option(
    "--decks",
    default="",
    metavar="KEY,KEY",
    help="Several decks: an ankismith.yaml listing these keys, a folder decks/KEY for each.",
)
@_verbosity
def init(directory: Path, name: str | None, repository: str, decks: str) -> None:
    """Create a new deck project in DIRECTORY that builds with 'make deck'."""
    from ankismith.scaffold.create import init_project

    report = init_project(directory, name, repository, decks)
    for notice in report.notices:
        click.echo(f"notice: {notice}", err=True)
    if _level() < 0:
        return
    for path in report.files:
        click.echo(f"  {path}")
    click.echo(f"Created {report.directory}: cd into it and run 'make deck'.")


@main.command()
@click.argument("issues", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@CONTENT_DIR
@_format_option(["human", "json", "github"], "human", "Output format.")
@_verbosity
def reports(issues: Path, content_dir: Path, fmt: str) -> None:
    """List learners' reports in ISSUES beside the cards of CONTENT_DIR they name.

    ISSUES is what 'gh issue list --json number,title,body,url,state' prints.
    """
    from ankismith.reports.format import render
    from ankismith.reports.match import reports_for

    click.echo(render(reports_for(issues, content_dir), fmt, _level()), nl=False)


@main.command(name="import")
@click.argument("package", type=click.Path(exists=True, path_type=Path))
@_output_option("content", "Content directory to write the project into.")
@click.option("--force", is_flag=True, help="Replace OUTPUT even if it is not empty.")
@click.option(
    "--deck",
    metavar="KEY",
    help="Import as deck KEY of the project here: into OUTPUT [default: decks/KEY], listed in "
    "ankismith.yaml (created if there is none).",
)
@click.option(
    "--id",
    "deck_id",
    metavar="DECK_ID",
    help="The deck.yaml 'id' PACKAGE was built with (one with a random part, as init writes): "
    "its notes and own note types come back as ankismith's, with their GUIDs and ids.",
)
@_verbosity
def import_(
    package: Path, output: Path, force: bool, deck: str | None, deck_id: str | None
) -> None:
    """Turn PACKAGE (.apkg, .colpkg or CrowdAnki folder) into a project in OUTPUT."""
    from click.core import ParameterSource

    from ankismith.decks.enlist import plan_enlisting, write_listing
    from ankismith.importing.run import import_deck
    from ankismith.progress import default_jobs

    plan = None
    if deck is not None:
        given = click.get_current_context().get_parameter_source("output")
        folder = None if given == ParameterSource.DEFAULT else str(output)
        plan = plan_enlisting(Path("."), deck, folder)
        output = plan.folder
    report = import_deck(package, output, force=force, workers=default_jobs(), deck_id=deck_id)
    clashes = write_listing(plan) if plan is not None else []
    for finding in (*report.findings, *clashes):
        click.echo(str(finding), err=True)
    if clashes:
        click.echo(f"{plan.file if plan else ''}: settle these clashes before a build.", err=True)
    if _level() < 0:
        return
    click.echo(
        f"Imported {plural(report.notes, 'note')} into {report.output}: "
        f"{plural(report.card_files, 'card file')}, {plural(report.notetypes, 'note type')}, "
        f"{plural(report.media, 'media file')}"
    )
    if plan is not None:
        done = "Wrote" if plan.created else "Added to"
        click.echo(f"{done} {plan.file}: deck {plan.key!r} in {plan.folder}")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_format_option(["human", "github"], "human", "human: path:line lines; github: annotations.")
@click.option("--project", is_flag=True, help="Print the schema of ankismith.yaml instead.")
@_verbosity
def schema(files: tuple[Path, ...], fmt: str, project: bool) -> None:
    """Print the deck.yaml JSON Schema, or check each of FILES (deck.yaml files) by its keys.

    With no FILES: the schema on stdout, for editors (ankismith schema > deck.schema.json);
    with --project, that of ankismith.yaml. FILES are read as check reads deck.yaml (a file
    named ankismith.yaml as build reads the project file); each error is reported at its line.
    """
    from ankismith.check_report import annotation
    from ankismith.errors import AnkismithError
    from ankismith.schema import deck_schema_text, project_schema_text
    from ankismith.schema.validate import validate_files

    if not files:
        click.echo(project_schema_text() if project else deck_schema_text(), nl=False)
        return
    report = validate_files(files)
    for problem in report.problems:
        if fmt == "github":
            click.echo(annotation(problem, "deck.yaml schema"))
        else:
            click.echo(f"{problem.location}: {problem.message}")
    if report.problems:
        failing = len({p.location.path for p in report.problems})
        raise AnkismithError(
            f"{plural(len(report.problems), 'problem')} by the deck.yaml schema in "
            f"{plural(failing, 'file')} of {len(report.files)}"
        )
    if _level() > 0:
        for path in report.files:
            click.echo(f"{path}: valid")
    if _level() >= 0:
        click.echo(f"{plural(len(report.files), 'file')} valid by the deck.yaml schema.")


def _anki_options(command: F) -> F:
    """Add where the author's Anki is: a closed collection, a profile, or AnkiConnect."""
    options = (
        click.option(
            "--collection",
            type=click.Path(dir_okay=False, path_type=Path),
            help="A closed Anki collection file (collection.anki2).",
        ),
        click.option("--profile", help="The Anki profile whose collection to use (Anki closed)."),
        click.option(
            "--anki-connect",
            "anki_connect",
            is_flag=False,
            flag_value="",
            default=None,
            metavar="URL",
            help="A running Anki with AnkiConnect (default URL: $ANKI_CONNECT_URL, "
            "else http://127.0.0.1:8765; key: $ANKI_CONNECT_KEY).",
        ),
        _output_option("build", "Where builds go: the push's package and the build cache."),
    )
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@PROJECT_DIR
@ONE_DECK
@_anki_options
@_verbosity
def push(
    content_dir: Path | None,
    deck_key: str | None,
    collection: Path | None,
    profile: str | None,
    anki_connect: str | None,
    output: Path,
) -> None:
    """Build CONTENT_DIR and import it into your own Anki, as a learner's import does.

    CONTENT_DIR defaults to content, or the deck of ankismith.yaml named with --deck.
    """
    from ankismith.decks.project import choose_deck
    from ankismith.sync.target import push_to

    one = choose_deck(Path("."), content_dir, deck_key)
    lines = push_to(one.content, output, os.environ, collection, profile, anki_connect, one.shared)
    for line in lines:
        click.echo(line, err=line.startswith("warning"))


@main.command()
@PROJECT_DIR
@ONE_DECK
@_anki_options
@click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing.")
@click.option(
    "--prefer",
    type=click.Choice(["anki", "markdown"]),
    help="Settle every conflict: take Anki's text, or keep the Markdown.",
)
@_verbosity
def pull(
    content_dir: Path | None,
    deck_key: str | None,
    collection: Path | None,
    profile: str | None,
    anki_connect: str | None,
    output: Path,
    dry_run: bool,
    prefer: str | None,
) -> None:
    """Bring edits made in Anki since the last push back into CONTENT_DIR's Markdown.

    CONTENT_DIR defaults to content, or the deck of ankismith.yaml named with --deck.
    """
    from ankismith.decks.project import choose_deck
    from ankismith.sync.target import pull_from

    one = choose_deck(Path("."), content_dir, deck_key)
    lines = pull_from(
        one.content,
        output,
        os.environ,
        collection,
        profile,
        anki_connect,
        dry_run,
        prefer,
        one.shared,
    )
    for line in lines:
        click.echo(line)
