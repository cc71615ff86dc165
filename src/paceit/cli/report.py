"""`paceit report`: the appointment report, in one of five formats.

One structure (`report.build`), one renderer per format, imported only here and
only the one asked for. Without --output the report goes to stdout. With it, the
file is created private (0600), written whole or not at all (a temporary file
renamed into place), and an existing file is replaced only with --force: a
report can hold months of someone's health data, so nothing is overwritten
silently.

The period: by default the six calendar weeks (from Monday) up to today, the
last one the week under way, but never from before the diary's first entry: a new diary's report starts
on its first day and says so (with the --since asked, when one was). A later --until
is cut to today, and the report's period line says so
("until today, asked: ..."): the days after today have no entries, and the plan
replay would invent changes on them (a "welcome back" after a break that has not
happened). A clinician then reads the real period on the report itself, rather
than the patient meeting an error before the appointment. A --since after today
is refused. Without a diary at the path there is nothing to report: the same
message as `check`, exit 1, and no file is created.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from paceit import __version__, parse, private_files
from paceit.cli import complete, output
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.render.report_formats import FORMATS as REPORT_FORMATS
from paceit.render.report_formats import PAPERS, Paper, RenderOptions

FORMATS = tuple(REPORT_FORMATS)  # text, md, html, json, fhir, pdf
# The one table from an --output file's ending to the formats that file may hold; the
# first is taken when --format is not given. Longest endings first (.fhir.json before
# .json). A FHIR bundle is JSON, so a .json file may hold either.
EXTENSIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (".fhir.json", ("fhir",)),
    (".json", ("json", "fhir")),
    (".html", ("html",)),
    (".htm", ("html",)),
    (".md", ("md",)),
    (".markdown", ("md",)),
    (".txt", ("text",)),
    (".pdf", ("pdf",)),
)
SECTION_WORDS = {  # --sections names -> report.SECTIONS keys (a few natural synonyms too)
    "notes": "notes",
    "progress": "progress",
    "pain": "pain",
    "activities": "activities",
    "pacing": "activities",
    "flares": "flares",
    "tests": "tests",
    "medicines": "tests",
    "ladder": "ladder",
    "goals": "goals",
    "questionnaires": "questionnaires",
    "measures": "questionnaires",
    "redflags": "redflags",
}
DEFAULT_WEEKS = 6
TEXT_WIDTHS = (60, 80, 100)  # narrowest, for a file or a pipe, widest


def text_width(to_file: bool) -> int:
    """The text report's width: a file or a pipe gets 80 columns, whatever window it was
    made in; a terminal (or COLUMNS) its own width, kept from 60 (the tables need it)
    to 100 (longer lines are hard to read)."""
    narrowest, default, widest = TEXT_WIDTHS
    shown = None if to_file else output.columns()
    return default if shown is None else max(narrowest, min(widest, shown))


def default_start(end: date) -> date:
    """The Monday five weeks before the week of `end`: six calendar weeks, the last one the
    week under way (36 to 42 days), so the report's weekly rows are the weeks of `paceit
    trends`, with no row of a day or two at the start."""
    return end - timedelta(days=end.weekday()) - timedelta(weeks=DEFAULT_WEEKS - 1)


def period(since: str | None, until: str | None, *, today: date) -> tuple[date, date, date | None]:
    """(first day, last day, the --until asked when it was cut to today)."""
    asked = parse.day(until, today=today, option="--until")
    end = min(asked, today)
    start = parse.day(since, today=today, option="--since") if since else default_start(end)
    if start > today:
        raise InputError(f"--since ({start}) is after today ({today}); a report covers days that have happened")
    if start > end:
        raise InputError(f"--since ({start}) must not be after --until ({end})")
    return start, end, asked if asked > today else None


def chosen_format(fmt: str | None, out: str | None) -> str:
    """The report's format: --format, else the --output file's ending (EXTENSIONS), else
    text. A --format that the file's ending contradicts is refused rather than writing,
    say, Markdown into r.html that a browser would show as one long line; so is an ending
    paceit does not write (r.docx) without --format, rather than text a word processor
    cannot open. A name without an ending stays text."""
    ending = next(((end, kinds) for end, kinds in EXTENSIONS if out and out.lower().endswith(end)), None)
    if fmt is None:
        if out and not ending and Path(out).suffix and out != "-":
            known = ", ".join(dict.fromkeys(end for end, _ in EXTENSIONS))
            raise InputError(
                f"--output {Path(out).name}: paceit writes reports ending in {known} (or no ending, as text); "
                f"change the ending or add --format"
            )
        return parse.choice(ending[1][0] if ending else "text", option="--format", choices=FORMATS)
    kind = parse.choice(fmt, option="--format", choices=FORMATS)
    if ending and kind not in ending[1]:
        raise InputError(
            f"--output {out} ends in {ending[0]}, which holds {' or '.join(ending[1])}, but --format is {kind}; "
            f"drop --format or change the file's ending"
        )
    return kind


def sections(value: str | None) -> tuple[str, ...]:
    """--sections pain,activities,ladder -> those keys in the report's own order; None: all.
    Red flags are always shown (see `report.ALWAYS`), so naming them is allowed but changes nothing."""
    from paceit.report import SECTIONS

    if value is None:
        return SECTIONS
    asked = [w.strip().lower() for w in value.split(",") if w.strip()]
    unknown = [w for w in asked if w not in SECTION_WORDS]
    if unknown or not asked:
        raise InputError(
            f"--sections takes a comma-separated list of {', '.join(sorted(set(SECTION_WORDS.values())))} "
            f"(got {value!r})"
        )
    keys = {SECTION_WORDS[w] for w in asked}
    return tuple(k for k in SECTIONS if k in keys)


def write_private(path: Path, text: str | bytes, *, force: bool) -> None:
    """Write `text` to `path` as a 0600 file; refuse to replace a file without `force`.
    Without it the final step is a hard link, which fails if a file took the name while
    the report was written (see `private_files.writing`)."""
    if path.is_dir():
        raise InputError(f"--output: {path} is a folder; give a file name")
    if path.exists() and not force:
        raise InputError(f"--output: {path} already exists; add --force to replace it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"--output: the folder {folder} does not exist")
    try:
        private_files.write(path, text.encode("utf-8") if isinstance(text, str) else text, replace=force)
    except FileExistsError:
        raise InputError(f"--output: {path} already exists; add --force to replace it") from None


def report(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DAY", help="First day (default: six calendar weeks from Monday to --until)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DAY", help="Last day (default: today; a later day is cut to today)."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="text|md|html|json|fhir|pdf",
            help="Output format (default: from the --output file's ending, .md .html .json .fhir.json .pdf; "
            "else text); pdf needs --output or a pipe.",
            click_type=complete.choices(FORMATS),
        ),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(
            "--output",
            metavar="FILE",
            help="Write to FILE (private, 0600) instead of stdout.",
            click_type=complete.PATH,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it already exists.")] = False,
    paper: Annotated[
        str,
        typer.Option(
            "--paper",
            metavar="a4|letter",
            help="Paper size of a pdf report (default: a4).",
            click_type=complete.choices(PAPERS),
        ),
    ] = "a4",
    only: Annotated[
        str | None,
        typer.Option(
            "--sections",
            metavar="LIST",
            help="Sections of a text, md, html or pdf report, e.g. pain,activities,ladder (default: all; "
            "red flags always; json and fhir always hold everything).",
        ),
    ] = None,
) -> None:
    """A report for your clinician: pain, pacing, flares, ladder, goals and questionnaires over a period.

    Example: paceit report --since -12w --format pdf --output report.pdf
    """
    state = get_state(ctx)
    target = Path(out).expanduser() if out else None
    if target is not None:  # first: the diary and its copies are named as such, whatever the ending
        from paceit.cli.safety import refuse_diary_file

        refuse_diary_file(state.path, target)
    kind = chosen_format(fmt, out)
    size: Paper = "letter" if parse.choice(paper, option="--paper", choices=PAPERS) == "letter" else "a4"
    chosen = sections(only)
    today = state.now.date()
    start, end, asked = period(since, until, today=today)
    if kind == "pdf" and target is None and sys.stdout.isatty():
        raise InputError("--format pdf writes a file: add --output FILE (or pipe it: ... > report.pdf)")
    if target is not None and target.exists() and not force:
        raise InputError(f"--output: {target} already exists; add --force to replace it")
    conn = state.existing_db("nothing to report")
    from paceit import queries
    from paceit.report import build
    from paceit.reporting import report_inputs

    began = queries.diary_first_day(conn)
    moved = began is not None and start < began <= end  # no empty weeks from before the diary began
    document = build(
        report_inputs(
            conn,
            start=began if moved and began else start,
            end=end,
            today=today,
            asked_end=asked,
            at_diary_start=moved,
            asked_start=start if moved and since else None,
            made_at=state.now.isoformat(timespec="seconds"),
            version=__version__,
            sections=chosen,
        )
    )
    options = RenderOptions(width=text_width(target is not None), paper=size)
    text = REPORT_FORMATS[kind].render(document, options)
    if target is None:
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)  # a whole document, written as it is: never re-wrapped like a message line
        return
    write_private(target, text, force=force)
    output.message(f"Wrote the report ({kind}, health data, readable only by you) to {target}.")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
