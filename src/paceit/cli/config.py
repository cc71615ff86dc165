"""`paceit config show|set`: the numbers in force, with their defaults and owners."""

from __future__ import annotations

from typing import Annotated

import typer

from paceit import queries, settings, store
from paceit.cli import complete, output
from paceit.cli.options import Json
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.parse import closest

app = typer.Typer(
    help="Settings: pacing and safety thresholds, and your preferences.\n\n"
    "Example: paceit config set plan.days mon,wed,fri",
    no_args_is_help=True,
)


@app.command("show")
def show(ctx: typer.Context, as_json: Json = False) -> None:
    """Show every setting, its value, default and who may change it.

    Example: paceit config show --json
    """
    conn = get_state(ctx).db(create=False)
    values = queries.settings_in_force(conn)
    changed = queries.stored_setting_keys(conn)
    retired = queries.retired_settings(conn)
    from paceit.render.settings import show_settings

    show_settings(values, changed, retired, as_json=as_json)


@app.command("set")
def set_(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY",
            help="A setting name from 'paceit config show'.",
            click_type=complete.choices((s.key, s.help) for s in settings.SPECS),
        ),
    ],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The new value, or 'default'.")],
    clinician: Annotated[
        bool, typer.Option("--clinician", help="Confirm a clinician agreed to this clinical setting.")
    ] = False,
) -> None:
    """Change a setting ('default' puts it back).

    Example: paceit config set plan.days mon,wed,fri
    """
    state = get_state(ctx)
    spec = settings.SPEC_BY_KEY.get(key.strip().lower())
    if key.strip().lower() in settings.RETIRED:
        raise settings.retired_error(key.strip().lower(), "KEY")
    if spec is None:
        guess = closest(key, settings.SPEC_BY_KEY)
        hint = f"; did you mean '{guess}'?" if guess else "; see 'paceit config show'"
        raise InputError(f"KEY: no setting called '{key}'{hint}")
    if spec.owner == "C" and not clinician:
        raise InputError(
            f"{spec.key} is a clinical setting: change it only as agreed with your "
            "clinician, and add --clinician to confirm"
        )
    reset = value.strip().lower() == "default"
    new = spec.default if reset else settings.parse_value(spec, value)
    conn = state.db()
    if spec.key == "baseline.factor" and new != queries.settings_in_force(conn)[spec.key]:
        from paceit import activity_rules

        activity_rules.check_factor(queries.activities(conn, include_archived=True), new)
    store.save_setting(conn, spec.key, new, reset=reset, command=f"config set {spec.key}", now=state.now)
    output.line(f"Set {spec.key} = {settings.format_value(new)} (default {settings.format_value(spec.default)}).")
