"""`paceit history|edit|delete|undo`: reading entries back and correcting them."""

from __future__ import annotations

import inspect
from datetime import timedelta
from typing import Annotated, Any

import typer

from paceit import kinds, parse, queries, queries_context, store
from paceit.cli import complete, entries, output
from paceit.cli.fields import KINDS, parse_edits, tags_value
from paceit.cli.options import Force, Json
from paceit.cli.state import AppState, get_state
from paceit.errors import InputError
from paceit.store import TABLES, deletion_rows, require_row
from paceit.store import purge as purge_rows

DEFAULT_DAYS = 28
DELETABLE = kinds.DELETABLE


def history(
    ctx: typer.Context,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="|".join(queries.HISTORY_KINDS),
            help="Only these kinds (repeatable).",
            click_type=complete.choices(queries.HISTORY_KINDS),
        ),
    ] = None,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag", metavar="TEXT", help="Only entries with this tag (see --json for tags).", click_type=complete.TAG
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DAY", help=f"From this day (default: {DEFAULT_DAYS} days before --until or today)."
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DAY", help="Up to this day (default: today).")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Everything, from the first entry.")] = False,
    as_json: Json = False,
) -> None:
    """List diary entries, sessions, exposure trials, medication, functional tests and strategies with ids and tags.

    Example: paceit history --kind session --since -2w
    """
    state = get_state(ctx)
    chosen = [parse.choice(k, option="--kind", choices=queries.HISTORY_KINDS) for k in kind or []]
    kinds = list(dict.fromkeys(chosen)) or list(queries.HISTORY_KINDS)
    today = state.now.date()
    end = parse.day(until, today=today, option="--until") if until else None
    start = parse.day(since, today=today, option="--since") if since else None
    if start is None and not all_:
        start = (end or today) - timedelta(days=DEFAULT_DAYS - 1)
    if start and end and start > end:
        raise InputError(f"--since ({start}) must not be after --until ({end})")
    wanted = parse.tags([tag])[0] if tag is not None else None
    conn = state.db(create=False)
    rows = queries.history(conn, kinds=kinds, since=start, until=end, tag=wanted)
    more = not (all_ or since) and start is not None and queries.any_before(conn, kinds=kinds, day=start)
    from paceit.render.entries import show_history

    show_history(rows, as_json=as_json, start=start, tag=wanted, more=more)


def edit(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(metavar="KIND", help="One of: " + ", ".join(KINDS) + ".", click_type=complete.choices(KINDS)),
    ],
    entry: Annotated[str, typer.Argument(metavar="ID", help="The entry's id (see 'paceit history').")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Change an entry older than 7 days without asking (needed off a terminal).")
    ] = False,
) -> None:
    """Correct an entry: paceit edit KIND ID --FIELD VALUE ... ('none' clears a field; --tag replaces the tags).

    Example: paceit edit pain 12 --pain 5 --sleep 6 --tag gardening
    """
    state = get_state(ctx)
    key = parse.choice(kind, option="KIND", choices=KINDS)
    spec = KINDS[key]
    row_id = parse.entry_id(entry)
    pairs = parse_edits(spec, list(ctx.args))
    conn = state.db(create=False)
    row = require_row(conn, spec.table, row_id, label=spec.label)
    values: dict[str, Any] = {}
    for name, value in pairs:
        if name != "tag":
            values.update(spec.fields[name](value, row, conn, state.now))
    if spec.check is not None:  # a rule across fields, with the stored values for those not given
        spec.check({**row, **values}, values.keys())
    tags = next((tags_value(value) for name, value in pairs if name == "tag"), None)
    old_tags = queries_context.tags_of(conn, kind=key, entry_id=row_id) if tags is not None else []
    if all(row.get(column) == value for column, value in values.items()) and (
        tags is None or set(tags) == {tag for _, tag in old_tags}
    ):
        output.line(f"Nothing changed: {entries.context(conn, spec.table, row)} already has those values.")
        return
    if not entries.confirm_old(conn, spec.table, row, today=state.now.date(), verb="change", yes=yes):
        output.line("Nothing was changed.")
        return
    after = store.edit(conn, spec.table, row_id, values, tags=tags, command=f"edit {key} {row_id}", now=state.now)
    names = [name for name, _ in pairs]
    was = [tag for _, tag in old_tags]
    said = entries.changes(conn, spec.table, names, (row, was), (after, was if tags is None else tags))
    output.line(f"Updated {entries.context(conn, spec.table, after)}: {said}. Undo with 'paceit undo'.")


Purge = Annotated[
    bool,
    typer.Option("--purge", help="Also remove every copy of it from the undo log, for privacy. Cannot be undone."),
]
Yes = Annotated[
    bool,
    typer.Option(
        "--yes",
        help="Delete without asking an entry older than 7 days, or with --purge (needed off a terminal).",
    ),
]


def delete(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND", help="One of: " + ", ".join(DELETABLE) + ".", click_type=complete.choices(DELETABLE)
        ),
    ],
    entry: Annotated[str, typer.Argument(metavar="ID", help="The entry's id.")],
    purge: Purge = False,
    yes: Yes = False,
    force: Force = False,
) -> None:
    """Delete an entry (undo brings it back, so a copy stays in the undo log).

    With --purge the entry and every copy of it in the undo log are removed for good
    (asked first on a terminal; --yes otherwise). Backup files keep their own copies.

    Example: paceit delete session 34
    """
    state = get_state(ctx)
    kind = parse.choice(kind, option="KIND", choices=DELETABLE)
    table = kinds.named(kind).table
    row_id = parse.entry_id(entry)
    conn = state.db(create=False)
    found = require_row(conn, table, row_id)
    rows = deletion_rows(conn, kind, row_id, force=force)
    if purge:
        notes = [("clinician_note", i) for i in queries_context.notes_with(conn, source_uuid=found.get("uuid"))]
        _purge(state, table, row_id, [*rows[:-1], *notes, rows[-1]], yes=yes, notes=len(notes))
        return
    if not entries.confirm_old(conn, table, found, today=state.now.date(), verb="delete", yes=yes):
        output.line("Nothing was deleted.")
        return
    said, what = entries.context(conn, table, found), entries.values(conn, table, found)
    store.delete_rows(conn, rows, command=f"delete {kind} {row_id}", now=state.now)
    output.line(f"Deleted {said}{': ' + what if what else ''}. Undo with 'paceit undo'.")


def _purge(state: AppState, table: str, row_id: int, rows: list[tuple[str, int]], *, yes: bool, notes: int = 0) -> None:
    """The irreversible delete: confirmed first (conservative: never silently off a terminal).
    `notes`: how many of `rows` are notes for the clinician given with the entry (`--ask`);
    they go with it, since what a person purges should not live on in their report."""
    from paceit.cli import prompts

    label = f"{TABLES[table]} #{row_id}"
    with_notes = f", with the {output.plural(notes, 'note', 'notes')} for your clinician given with it" if notes else ""
    if not yes:
        if not prompts.interactive():
            raise InputError(f"--purge cannot be undone; add --yes to purge {label}")
        if not prompts.yes_no(f"Remove {label}{with_notes} and every copy of it in the undo log, for good?"):
            output.line("Nothing was deleted.")
            return
    removed = purge_rows(state.db(create=False), rows)
    from paceit.paths import backups_folder

    output.line(
        f"Purged {label}{with_notes} and {output.plural(removed, 'copy', 'copies')} of it from the undo log; "
        f"this cannot be undone. Backup files made earlier (e.g. in {backups_folder(state.path)}) still hold it: "
        "delete them too if it must be gone everywhere."
    )


def edit_help() -> str:
    """`paceit edit --help`: the command's help, then the fields each KIND takes."""
    lines = [f"{kind}: {' '.join('--' + name for name in spec.names())}" for kind, spec in KINDS.items()]
    return inspect.cleandoc(edit.__doc__ or "") + "\n\nFields by KIND:\n\n" + "\n\n".join(lines)


def register(app: typer.Typer) -> None:
    app.command("history")(history)
    app.command("edit", help=edit_help(), context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(
        edit
    )
    app.command("delete")(delete)
