"""The appointment report a physiotherapist reads in two minutes (issue 18): the PDF written
by paceit itself, its page counts read from the real files (the PDF, and the HTML printed by
headless Chromium where it is installed), the header, --sections, and what a physiotherapist
looks for first (pain sites, what was done, booms, flare notes, the ladder's expectations,
red flags in words), on histories built with real commands.

The clock is fixed at Saturday 2026-11-21 18:00 UTC.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import child_env, fails, fixed_clock, ok, run

CHROMIUM = Path("/usr/bin/chromium")
A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, Path]]:
    """The demo diary of 12 and of 52 weeks, built once for the page-count tests."""
    folder = tmp_path_factory.mktemp("demos")
    found = {}
    with pytest.MonkeyPatch.context() as patch, fixed_clock(patch):
        for weeks in (12, 52):
            found[weeks] = folder / f"demo{weeks}.db"
            ok("--db", str(found[weeks]), "demo", "--weeks", str(weeks))
    yield found


def pdf_of(tmp_path: Path, *args: str, name: str = "report.pdf") -> PdfReader:
    target = tmp_path / name
    result = run(*args, "--format", "pdf", "--output", str(target), "--force")
    assert result.exit_code == 0 and "Wrote the report (pdf, health data" in result.stderr, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    return PdfReader(str(target))


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def size_of(reader: PdfReader) -> tuple[float, float]:
    box = reader.pages[0].mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


# ------------------------------------------------------------------ page counts (items 1, 2)

CASES = [(12, "-12w", 2), (12, None, 2), (52, "-12w", 2), (52, "-26w", 3), (52, "-52w", 3)]
CASE_IDS = ["12w-12w", "12w-default", "52w-12w", "52w-26w", "52w-52w"]


@pytest.mark.parametrize(("weeks", "since", "most"), CASES, ids=CASE_IDS)
def test_the_pdf_of_the_demo_keeps_its_page_promise(
    tmp_path: Path, demos: dict[int, Path], weeks: int, since: str | None, most: int
) -> None:
    period = ("--since", since) if since else ()
    reader = pdf_of(tmp_path, "--db", str(demos[weeks]), "report", *period)
    assert 1 <= len(reader.pages) <= most, len(reader.pages)
    assert size_of(reader) == A4
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):  # "page N of M" on every page, M known
        assert f"page {number} of {total}" in " ".join((page.extract_text() or "").split())


def test_letter_paper_keeps_the_promise_too(tmp_path: Path, demos: dict[int, Path]) -> None:
    reader = pdf_of(tmp_path, "--db", str(demos[12]), "report", "--since", "-12w", "--paper", "letter")
    assert size_of(reader) == LETTER and len(reader.pages) <= 2


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium on this machine (.ci/run installs it)")
@pytest.mark.parametrize(("weeks", "since", "most"), CASES, ids=CASE_IDS)
def test_the_html_of_the_demo_printed_by_chromium_keeps_its_page_promise(
    tmp_path: Path, demos: dict[int, Path], weeks: int, since: str | None, most: int
) -> None:
    html = tmp_path / "report.html"
    period = ("--since", since) if since else ()
    assert run("--db", str(demos[weeks]), "report", *period, "--format", "html", "--output", str(html)).exit_code == 0
    pdf = tmp_path / "printed.pdf"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}", html.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
        env=child_env(),
    )
    reader = PdfReader(str(pdf))
    assert 1 <= len(reader.pages) <= most, len(reader.pages)
    assert f"page 1 of {len(reader.pages)}" in text_of(reader)  # the CSS @page margin box


# ------------------------------------------------------------------ the file itself (item 1)


def test_the_pdf_has_selectable_text_embedded_fonts_vector_charts_and_says_what_it_holds(
    tmp_path: Path, demos: dict[int, Path]
) -> None:
    reader = pdf_of(tmp_path, "--db", str(demos[12]), "report", "--since", "-12w")
    text = text_of(reader)
    for words in ("paceit report: 2026-08-30 to 2026-11-21", "Red flags", "Exposure ladder", "personal health data"):
        assert words in text, words
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font  # a TrueType font embedded, none merely named
        assert "/XObject" not in page["/Resources"]  # no image: the charts are drawn as paths
    assert reader.metadata is not None
    assert reader.metadata.title == "paceit report: 2026-08-30 to 2026-11-21"
    assert "personal health data" in (reader.metadata.subject or "")
    assert not (reader.metadata.author or "")  # the name is never hidden in the metadata


def test_pdf_reaches_a_pipe_whole_and_the_format_is_checked(tmp_path: Path) -> None:
    ok("pain", "3", "--site", "neck")
    out = ok("report", "--format", "pdf").stdout_bytes
    assert out.startswith(b"%PDF-") and out.rstrip().endswith(b"%%EOF")
    assert "--paper" in fails("report", "--format", "pdf", "--paper", "a3")


def test_the_pdf_renderer_and_its_library_load_only_for_a_pdf(tmp_path: Path) -> None:
    db = tmp_path / "paceit.db"
    ok("--db", str(db), "pain", "3")
    code = (
        "import sys, json\nfrom paceit.cli.app import app\n"
        "app({args!r}, prog_name='paceit', standalone_mode=False)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('paceit', 'reportlab')))), file=sys.stderr)\n"
    )
    for fmt, wanted in (("html", False), ("pdf", True)):
        args = ["--db", str(db), "report", "--format", fmt, "--output", str(tmp_path / f"r.{fmt}")]
        proc = subprocess.run(
            [sys.executable, "-c", code.format(args=args)],
            env=child_env(PACEIT_NOW="2026-11-21T18:00:00+00:00"),
            capture_output=True,
            text=True,
            check=True,
        )
        loaded = set(json.loads(proc.stderr.strip().splitlines()[-1]))
        assert ("reportlab" in loaded) is wanted and ("paceit.render.report_pdf" in loaded) is wanted, fmt


# ------------------------------------------------------------------ header and sections (3, 4)


def test_the_header_names_whose_diary_when_made_and_by_which_version(tmp_path: Path) -> None:
    ok("pain", "3")
    ok("config", "set", "report.name", "Ana María López")
    from paceit import __version__

    for fmt in ("text", "md", "html"):
        out = " ".join(ok("report", "--format", fmt).stdout.split())
        assert f"Diary of Ana María López. Made 2026-11-21 18:00 by paceit {__version__}." in out, fmt
    reader = pdf_of(tmp_path, "report")
    assert "Diary of Ana María López" in text_of(reader)
    assert "paceit report: Ana María López, 2026-11-21 to 2026-11-21 page 1 of 1" in text_of(reader)  # footer
    ok("config", "set", "report.name", "default")
    assert "Diary of" not in ok("report").stdout


def test_sections_choose_what_is_shown_and_red_flags_always_stay(tmp_path: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--clinician", "--at", "2026-11-09")
    ok("pain", "3", "--at", "2026-11-10 08:00")
    ok("goal", "add", "walk to the park")
    ok("redflag", "check", "--yes", "night-pain")
    out = ok("report", "--sections", "pain,ladder,activities").stdout
    assert "Pain, sleep and mood" in out and "Exposure ladder" in out and "Pacing" in out
    assert "Goals" not in out and "Questionnaires" not in out and "notes from the patient" not in out
    assert "Red flags" in out and "night pain" in out  # safety is never left out by a choice of sections
    assert out.index("Pain, sleep") < out.index("Pacing") < out.index("Exposure ladder")  # the report's own order
    assert "Sections chosen: pain, pacing, exposure ladder (and red flags, always)" in " ".join(out.split())
    html = ok("report", "--sections", "goals", "--format", "html").stdout
    assert "<h2>Goals</h2>" in html and "<h2>Pacing" not in html and "<h2>Red flags</h2>" in html
    assert "Goals" in text_of(pdf_of(tmp_path, "report", "--sections", "goals"))


# ------------------------------------------------------- what a physiotherapist looks for first (5)


def physio_history() -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "12.5", "--clinician", "--at", "2026-10-26")
    for day in range(26, 32):
        ok("pain", "4", "--site", "lower back", "--at", f"2026-10-{day} 08:00")
    for day in range(1, 22):
        sites = ["--site", "lower back"] + (["--site", "neck"] if day >= 8 else [])
        ok("pain", "4", *sites, "--at", f"2026-11-{day:02d} 08:00")
    for day in (27, 29, 31):
        ok("log", "walking", "10", "--pain-during", "3", "--pain-after", "4", "--at", f"2026-10-{day}T17:00")
    ok("log", "walking", "15", "--pain-during", "4", "--pain-after", "5", "--at", "2026-11-02T17:00")  # a boom
    for day in ("05", "13", "17", "19"):
        ok("log", "walking", "5", "--pain-during", "3", "--pain-after", "4", "--at", f"2026-11-{day}T17:00")
    ok("flare", "start", "--at", "2026-11-10 09:00", "--note", "after 45 min of gardening")
    ok("flare", "end", "--at", "2026-11-12 20:00", "--note", "settled with heat and short walks")
    ok("flare", "plan", "triggers", "gardening for long", "poor sleep")
    ok("ladder", "add", "carry the shopping", "--fear", "40")
    ok("ladder", "try", "1", "--fear-before", "40", "--fear-after", "20", "--expect", "my back will lock",
       "--expect-likely", "70", "--predicted-pain", "7", "--pain", "3", "--happened", "no", "--safety", "yes",
       "--at", "2026-11-15 11:00")  # fmt: skip
    ok("redflag", "check", "--yes", "night-pain", "--at", "2026-11-16 09:00")


def test_the_report_shows_what_a_physiotherapist_looks_for_first(tmp_path: Path) -> None:
    physio_history()
    text = " ".join(ok("report", "--since", "2026-10-26").stdout.split())
    # 27 days, so the windows are its first and last 13 days. Pain sites: the share of entries
    # naming each, and in each window (neck from 8 November on: 14 of 27 entries, 52%).
    assert "lower back 100% (first 13 days 100%, last 13 days 100%)" in text
    assert "neck 52% (first 13 days 0%, last 13 days 100%)" in text
    # what was actually done (10, 10, 10, 15, 5, 5, 5, 5 min), pain during and after, and the
    # boom with its day and amount (15 min on a day whose quota was 11: 15 >= 1.2 x 11)
    assert "walking: 8 sessions, median 7.5 min (range 5 min to 15 min); pain during 3.0, after 4.0" in text
    assert "1 boom (1.2 x the quota or more): 2026-11-02 15 (quota 11)" in text
    # the flare with its notes and the plan's triggers
    assert "(flare start) after 45 min of gardening" in text and "(flare end) settled with heat" in text
    assert "Triggers in the flare plan (as written by the patient): gardening for long; poor sleep." in text
    # the ladder: the expectation, its likelihood, the outcome and the safety behaviour
    assert 'carry the shopping: expected "my back will lock" (70%).' in text
    assert re.search(r"carry the shopping\s+40\s+current\s+1 \(1\)\s+7\.0 vs 3\.0\s+0 of 1\s+1 of 1", text)
    # the headline uses morning pain, judges the change, and names the flare in the last window
    assert "Morning pain (the first entry from 04:00 to noon): 4.0/10 in the first 13 days" in text
    assert "Change: +0.0 (+0.0%). Pain is the same as at the start." in text
    assert "A flare (2026-11-10 to 2026-11-12) falls in the last 13 days, which raises recent pain." in text
    # red flags in words, not "(group 3)"
    assert "(checklist advice: book an appointment within a few days)" in text and "(group" not in text


def test_a_step_back_has_one_short_cause() -> None:
    physio_history()
    doc = json.loads(ok("report", "--since", "2026-10-26", "--format", "json").stdout)
    [walking] = doc["activities"]
    assert [c["cause"] for c in walking["changes"] if c["step_back"]] == ["flare"]
    # the JSON carries the same details for a program
    assert walking["done"]["booms"] == [{"date": "2026-11-02", "amount": 15, "quota": 11}]
    assert [n["text"] for n in doc["flares"][0]["notes"]] == [
        "after 45 min of gardening", "settled with heat and short walks",
    ]  # fmt: skip
    assert [(x["site"], x["share"]) for x in doc["pain_sites"]] == [("lower back", 1.0), ("neck", 0.52)]
    assert doc["flare_plan_triggers"] == ["gardening for long", "poor sleep"]
    assert doc["made_at"] == "2026-11-21T18:00:00+00:00" and doc["name"] is None
    text = " ".join(ok("report", "--since", "2026-10-26").stdout.split())
    assert "2026-11-10 step back, 11 min → 6 min: a flare began on 2026-11-10 (declared by you)." in text
    assert text.count("A flare began") + text.count("a flare began") == 1


# ------------------------------------------------------------------ daily charts (6)


def test_charts_have_one_point_a_day_with_step_backs_and_flare_days_marked() -> None:
    physio_history()
    html = ok("report", "--since", "2026-10-26", "--format", "html").stdout
    root = ET.fromstring(html.split("\n", 1)[1])
    svgs = {el.findtext("title"): el for el in root.iter() if el.tag == "svg"}
    walking = next(el for title, el in svgs.items() if title and title.startswith("walking"))
    assert len([el for el in walking.iter() if el.get("class") == "mark"]) == 1  # the flare's step back
    assert len([el for el in walking.iter() if el.get("class") == "flare"]) == 3  # 10th to 12th
    assert len([el for el in walking.iter() if el.get("class") == "dot"]) == 8  # a dot a session day
    pain = next(el for title, el in svgs.items() if title and title.startswith("Daily mean pain"))
    assert len([el for el in pain.iter() if el.get("class") == "flare"]) == 3
    assert "one point a day" in html and "triangle = a step back" in html


# ------------------------------------------------------------------ noise (9)


def test_the_load_caveat_is_a_footnote_and_the_ladder_jargon_has_a_legend() -> None:
    physio_history()
    out = ok("report", "--since", "2026-10-26").stdout
    assert out.index("Questionnaires") < out.index("Information only: the acute:chronic load ratio")
    assert '"3 (2)" is 3 trials, 2 of them in this period' in " ".join(out.split())


def test_a_name_with_characters_the_font_lacks_is_written_plainly(tmp_path: Path) -> None:
    from paceit.render.report_pdf import _fonts, plain

    known = _fonts()
    assert plain("Ödön Szőke → 5", known) == "Ödön Szoke -> 5"
    ok("pain", "3")
    ok("config", "set", "report.name", "Ödön Szőke")
    assert "Diary of Ödön Szoke" in text_of(pdf_of(tmp_path, "report"))



def test_a_pdf_is_never_poured_onto_a_terminal(tmp_path: Path) -> None:
    """Binary on a terminal garbles it: without --output, a pdf needs a pipe or a file."""
    import os
    import pty

    db = tmp_path / "paceit.db"
    ok("--db", str(db), "pain", "3")
    main, child = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "paceit", "--db", str(db), "report", "--format", "pdf"],
            stdout=child,
            stderr=subprocess.PIPE,
            env=child_env(PACEIT_NOW="2026-11-21T18:00:00+00:00"),
            timeout=120,
            check=False,
        )
    finally:
        os.close(child)
        os.close(main)
    assert proc.returncode == 2 and b"add --output FILE" in proc.stderr
