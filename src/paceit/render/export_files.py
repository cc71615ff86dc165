"""Writing an export to disk: one JSON file, or CSV files in a folder or a zip.

Privacy and safety: every file is created owner-only (0600) and every folder 0700,
whatever the umask. A file is written by `private_files` under a temporary name beside
its target and moved into place only when complete, so an interrupted export never leaves a
half-written file under the name the person asked for, and an existing file is
replaced only with `force` (the caller checks first; the final link also refuses
to clobber, closing the gap between check and write).

CSV: one `TABLE.csv` per table with a header row of column names; an empty cell
is a missing value (NULL). `header.json` and `README.txt` carry the export header.
A text cell a spreadsheet would evaluate as a formula starts with an apostrophe (see
`_cell`); README.txt says so.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from paceit import private_files
from paceit.files import PRIVATE_FOLDER as FOLDER_MODE
from paceit.files import make_folder
from paceit.private_files import PRIVATE_FILE as FILE_MODE


def json_text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# What makes a spreadsheet read a cell as a formula (=, +, -, @, and a tab or carriage
# return before them), and the apostrophe that marks a cell as text there.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def _cell(value: Any) -> str:
    """A value as a CSV cell. A text a spreadsheet would evaluate (a note
    '=HYPERLINK(...)' would become a link that sends the sheet away, '+cmd|...' could
    start a program) gets an apostrophe in front; so does a text that starts with one, so
    every such cell reads back by taking one apostrophe off. Numbers are left alone
    (-60 is a number to a spreadsheet, not a formula); the JSON export is exact."""
    if value is None:
        return ""
    if isinstance(value, dict):  # a blob, already base64 in the document
        return str(value["base64"])
    if isinstance(value, str) and value.startswith((*FORMULA_START, TEXT_MARK)):
        return TEXT_MARK + value
    return str(value)


def csv_text(table: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table["columns"])
    for row in table["rows"]:
        writer.writerow([_cell(row.get(c)) for c in table["columns"]])
    return buffer.getvalue()


def readme_text(header: dict[str, Any]) -> str:
    lines = [
        "paceit export (CSV): one file per table; an empty cell is a missing value.",
        "",
        "Text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a",
        "carriage return) has an apostrophe (') put in front, so it shows as text; a text that",
        "starts with an apostrophe has one more. Take one apostrophe off such a cell to get the",
        "text as stored. Numbers are written as they are.",
        "",
        header["health_data"],
        "",
        header["about"],
        "",
        f"paceit {header['paceit_version']}, schema {header['schema_version']}, exported {header['exported_utc']}.",
        "",
        "Tables (rows):",
        *(f"  {name}.csv ({header['row_counts'][name]})" for name in header["tables"]),
        "",
        "To move a diary to another paceit, use the JSON export: paceit export --output diary.json",
    ]
    return "\n".join(lines) + "\n"


def csv_files(document: dict[str, Any]) -> dict[str, str]:
    """File name -> text for the CSV form of an export."""
    header = document["paceit_export"]
    files = {"README.txt": readme_text(header), "header.json": json.dumps(header, ensure_ascii=False, indent=2)}
    for name in header["tables"]:
        files[f"{name}.csv"] = csv_text(document["tables"][name])
    return files


def write_file(target: Path, data: bytes, *, force: bool) -> None:
    make_folder(target.parent)
    private_files.write(target, data, replace=force)


def write_zip(target: Path, files: dict[str, str], *, force: bool) -> None:
    make_folder(target.parent)
    with (
        private_files.writing(target, replace=force) as temp,
        zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, text in files.items():
            info = zipfile.ZipInfo(f"{target.stem}/{name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | FILE_MODE) << 16  # unpacks owner-only too
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))


def write_folder(target: Path, files: dict[str, str], *, force: bool) -> None:
    """A new folder is filled under a temporary name and renamed into place. With
    `force` into an existing folder, only the export's own files are replaced: other
    files there are never deleted."""
    make_folder(target.parent)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    try:
        os.chmod(temp, FOLDER_MODE)
        for name, text in files.items():
            private_files.write(temp / name, text.encode("utf-8"))
        if target.is_dir() and force:
            for name in files:
                os.replace(temp / name, target / name)
        else:
            os.rename(temp, target)  # an existing non-empty folder makes this fail: no clobbering
    finally:
        shutil.rmtree(temp, ignore_errors=True)
