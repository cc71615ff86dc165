"""How the settings are shown: `config show` as a table or as JSON (its keys are the
`--json` contract), with the retired settings a diary still keeps."""

from __future__ import annotations

from typing import Any

from paceit import settings
from paceit.cli import output


def show_settings(values: dict[str, Any], changed: set[str], retired: dict[str, Any], *, as_json: bool) -> None:
    """Every setting with its value in force (`values`), default, range, owner and help;
    `changed`: the keys stored in this diary; `retired`: stored values no longer used."""
    if as_json:
        output.emit_json(
            {
                spec.key: {
                    "value": values[spec.key],
                    "default": spec.default,
                    "owner": spec.owner,
                    "allowed": spec.allowed(),
                    "source": spec.tag,
                    "help": spec.help,
                    "changed": spec.key in changed,
                }
                for spec in settings.SPECS
            }
            | {key: {"value": value, "retired": True, "help": settings.RETIRED[key]} for key, value in retired.items()}
        )
        return
    from paceit.render.tables import print_table

    print_table(
        ["setting", "value", "default", "allowed", "who", "what"],
        [
            [
                spec.key,
                settings.format_value(values[spec.key]) + (" *" if spec.key in changed else ""),
                settings.format_value(spec.default),
                spec.allowed(),
                "you" if spec.owner == "U" else "clinician",
                spec.help,
            ]
            for spec in settings.SPECS
        ],
        caption="* changed from the default. 'clinician' settings need --clinician to change.",
    )
    for key, value in retired.items():
        output.line(f"Kept but no longer used: {key} = {settings.format_value(value)} ({settings.RETIRED[key]}).")
