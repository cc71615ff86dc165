"""`paceit learn`: short explanations a person can read in a minute, each with its sources.

Every statement here restates a rule of paceit's rules page (docs/rules.md, shipped as
`paceit learn rules`; rules version 2)
in plain words; the numbers in brackets are that page's reference numbers, and `REFERENCES`
copies its citations (a test checks they match). Nothing here diagnoses or gives medical advice, and
nothing tells a person to push through pain. Pure text: no I/O.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

WIDTH = 78  # fits an 80-column terminal with room to spare


@dataclass(frozen=True)
class Topic:
    """One `paceit learn` topic: its paragraphs and the references they rest on."""

    name: str
    title: str
    paragraphs: tuple[str, ...]
    sources: tuple[int, ...]


REFERENCES: dict[int, str] = {
    1: "https://i-engage.community/topic/how-do-i-pace/",
    2: 'eTG Pain & Analgesia "Activity scheduling and pacing"; painHEALTH (UWA) pacing module',
    4: "Nielson et al. Clin J Pain 2013;29:461",
    6: "Andrews et al. Pain 2015;156:1991 doi:10.1097/j.pain.0000000000000259",
    7: "Murphy et al. J Phys Act Health 2012;9:360 doi:10.1123/jpah.9.3.360",
    8: "Thomeé, Phys Ther 1997;77:1690",
    9: "Silbernagel et al. Am J Sports Med 2007;35:897",
    10: "Silbernagel & Crossley, JOSPT 2015;45(11)",
    23: "https://en.wikipedia.org/wiki/Exposure_hierarchy",
    25: "https://cbt4panic.org/how-long-should-real-life-exposure-last/",
    24: "Leeuw et al. J Pain 2007;8:840",
    26: "Craske et al. Behav Res Ther 2014;58:10 doi:10.1016/j.brat.2014.04.006",
    27: "Körfer et al. J Pain Res 2020 doi:10.2147/JPR.S265709",
    28: "Vlaeyen et al. Behav Res Ther 2001;39:151",
    42: "Finucane et al. JOSPT 2020;50:350 doi:10.2519/jospt.2020.9971",
    43: "https://www.ncbi.nlm.nih.gov/books/NBK52120/",
    44: "NICE NG59",
    45: 'NHS Norfolk & Waveney "Got back pain?"',
    46: "Costa et al. Eur Spine J 2021;30:1089 doi:10.1007/s00586-021-06730-6",
    47: "Suri et al. BMC Musculoskelet Disord 2011;12:220; Spine 2018;43:427",
    49: "https://cuh.nhs.uk/patient-information/flare-up-and-setback-management",
    50: "https://muscha.org/flares/",
    51: "Setchell et al. Scand J Pain 2017 doi:10.1016/j.sjpain.2017.08.003",
}

TOPICS: tuple[Topic, ...] = (
    Topic(
        "hurt-vs-harm",
        "Hurt versus harm, and soreness after activity",
        (
            "In long-lasting pain, how much something hurts is a poor guide to whether anything is "
            "being damaged: an activity can hurt without harming you. That is why paceit uses pain as "
            "a guard-rail, not as a stop sign for every twinge. New or unusual symptoms are different: "
            "'paceit learn red-flags'.",
            "Pain during an activity is acceptable up to 5 out of 10, or 2 points above your pain "
            "before it when that is higher, never above 8. Pain afterwards has the same limit and should "
            "settle by the next morning.",
            "Delayed soreness is common after new activity or doing more than usual: the muscles you "
            "used feel stiff and tender, worst about 1 to 3 days later (24 to 72 hours), then easing. A "
            "flare is different: your usual pain clearly worse, 2 points or more "
            "above your usual level for days, or a spell you mark as distinctly worse.",
            "paceit compares the next morning with your own usual morning pain (the middle of your "
            "last 14 mornings). Pain swings, so only a clear rise counts: at least 2 points, more if "
            "your pain usually swings a lot. If a session raised your pain and the next morning shows "
            "such a rise, the session counts as red and the quota steps back a little (never below your "
            "starting amount): a smaller next step, not a stop. A bad morning after a session that did "
            "not raise your pain is not held against it.",
        ),
        (8, 9, 10, 46, 47),
    ),
    Topic(
        "pacing",
        "Pacing and your quota",
        (
            "Pacing means doing a planned amount (your quota) on planned days, whatever the pain, and "
            "stopping at the quota even on a good day. Doing much more on good days and then much less "
            "on bad ones (boom and bust) tends to keep pain and activity swinging.",
            "Your first 3 sessions of an activity find your baseline: do what you can before symptoms "
            "clearly rise. Your starting quota is 80% of their average, something you can manage on a "
            "bad day too.",
            "About every 7 days, if that week's sessions went well (at least 3, none in the red zone, "
            "the quota mostly done, morning pain not clearly rising), the quota grows by about 10%. A "
            "red session steps it back, but never below your starting quota; a flare halves it for a "
            "while, never to zero. 'paceit next' shows the rule behind each number.",
        ),
        (1, 2, 4, 6, 7),
    ),
    Topic(
        "zones",
        "The traffic-light zones",
        (
            "Each session gets a zone from the pain you had during and after it, compared with your pain "
            "before it (that morning's entry, or what you logged with the session, or your usual pain):",
            "Green: pain during no higher than before (or at most 2 out of 10).",
            "Yellow, acceptable: pain rose, but stayed within your limit (5, or 2 above your pain before "
            "when that is higher, never above 8) and settled by the next morning. Green and yellow "
            "sessions both count toward moving your quota up.",
            "Red: pain during or after above that limit, or a clear rise in your morning pain the next "
            "day after a session that raised your pain. The quota steps back, usually to its previous "
            "amount, never below your starting quota.",
            "Morning pain that rises from week to week does not make a session red; it holds your quota "
            "where it is until it settles. A red session is information, not failure: it tells paceit "
            "the step was too big for now. This model comes from tendon and knee pain and is adapted "
            "here to pain that is there at rest; your clinician may set the limits differently.",
        ),
        (8, 9, 10),
    ),
    Topic(
        "flares",
        "Flares and your flare plan",
        (
            "Your usual level is the middle of your daily average pain over the 14 days before (flare "
            "days left out; it needs 7 logged days). One bad day is not a flare. Flare days are a run "
            "at 2 points or more above your usual level: 4 days in a row, or 2 days in a row clearly "
            "above it (more if your pain usually swings a lot). A day you tick as a flare ('paceit pain "
            "N --flare'), distinctly worse than recently for 2 hours or more, is one too.",
            "A flare starts after 2 flare days in a row, or at once on a day you tick or when you "
            "declare one ('paceit flare start'). It ends after 2 calm days in a row: days with "
            "entries, average pain at most 1 point above your usual level as it was when the flare "
            "began, and no flare tick. A declared flare lasts until 'paceit flare end'.",
            "Flares often last 2 to 7 days; poor sleep, stress and long sitting are common triggers. "
            "In a flare paceit halves your quotas (reduced, never stopped), holds your ladder step and "
            "asks you to keep logging. Afterwards the quota rebuilds in 2 steps over at least 4 days.",
            "Write your own flare plan before you need it ('paceit flare plan'): triggers, warning "
            "signs, what comforts you, medicines only as prescribed, a reduced activity list and who "
            "to tell. A flare lasting more than 14 days is a setback: contact your clinician.",
        ),
        (46, 47, 49, 50, 51),
    ),
    Topic(
        "exposure",
        "Graded exposure: facing avoided movements step by step",
        (
            "Avoiding movements you fear can keep pain and worry going. Graded exposure lists the "
            "activities you avoid (8 to 15), rates how much you fear each (0-100) and starts with one "
            "you fear 40 or less, with small gaps between the steps.",
            "Before a trial, write down what you expect to happen, the pain you expect and how likely "
            "you think it is. Then do it and compare. A trial succeeds when the feared outcome did not "
            "happen and either your pain was at least 2 points lower than you predicted, or the "
            "likelihood you give it fell by 20 points or more since your last trial. Your fear need "
            "not fall during the trial. A trial logged without a prediction counts when your fear "
            "ended at half its peak or less, or at 30 or less. Let go of safety habits and try it in "
            "different places.",
            "A step is mastered after at least 3 trials, the last 2 successful, with fear before the "
            "last one at 30 or less. During a flare or a red flag the ladder holds its step.",
        ),
        (23, 24, 25, 26, 27, 28),
    ),
    Topic(
        "red-flags",
        "Red flags: when to get help",
        (
            "Rarely, back or joint pain comes with signs that need a doctor soon. They are uncommon, "
            "and one sign alone is not a diagnosis, but it helps to know them. 'paceit redflag check' "
            "asks about them.",
            "Call emergency services or go to A&E now if you have:",
            "- new numbness around your genitals, bottom or inner thighs;",
            "- new trouble passing urine, not feeling a full bladder, or leaking urine or stool;",
            "- new loss of sexual feeling or function;",
            "- new or worsening leg weakness (foot drags, legs give way), or symptoms in both legs;",
            "- pain after a serious fall or accident;",
            "- chest pain, breathlessness or fainting.",
            "Contact a doctor today if you have:",
            "- fever, chills, sweats or feel very unwell with new or worse pain;",
            "- new or worse pain and a past cancer;",
            "- new or worse pain and a weakened immune system (steroids, chemotherapy, transplant "
            "drugs, HIV) or you inject drugs;",
            "- a joint that is suddenly hot, red and swollen;",
            "- sudden severe pain after a minor fall if you have osteoporosis, are over 65 or take long-term steroids.",
            "Book an appointment within a few days if you have:",
            "- weight loss you can't explain;",
            "- constant severe night pain not eased by rest or changing position;",
            "- new mid/upper-back pain;",
            "- new or spreading numbness, tingling or weakness in one limb;",
            "- pain steadily worsening over weeks, or a flare lasting more than 14 days.",
            "A tick in the first two groups pauses your plan and ladder until a clinician has seen "
            "you. This is a safety net, not a diagnosis. If you have thoughts of harming yourself, "
            "call a crisis line.",
        ),
        (42, 43, 44, 45),
    ),
)
BY_NAME: dict[str, Topic] = {t.name: t for t in TOPICS}


def render(topic: Topic, width: int = WIDTH) -> list[str]:
    """The topic as lines of at most `width` characters: title, paragraphs, sources. A
    paragraph starting with '- ' is a bullet of the list above it (hanging indent, no blank
    line between bullets); a line ending in ':' introduces such a list."""
    lines = [topic.title, "=" * min(width, len(topic.title)), ""]
    for index, paragraph in enumerate(topic.paragraphs):
        bullet = paragraph.startswith("- ")
        lines += textwrap.wrap(paragraph, width, subsequent_indent="  " if bullet else "")
        following = topic.paragraphs[index + 1] if index + 1 < len(topic.paragraphs) else ""
        if not following.startswith("- "):
            lines.append("")
    lines.append("Sources (numbered as in paceit's rules page: paceit learn rules):")
    for number in topic.sources:
        lines += textwrap.wrap(
            f"[{number}] {REFERENCES[number]}", width, subsequent_indent="     ", break_long_words=True
        )
    return lines
