"""`paceit report --format fhir`: an R4 Bundle (type `collection`) of Observations.

Per clinical-rules.md §9: one Observation per pain entry (LOINC 72514-3,
valueInteger) and, per PEG, a panel Observation (91148-7) whose `hasMember` points
at its three items (75893-8, 91145-3, 91146-1) and its mean score (91147-9). Each
is `final`, category `survey`, with the Patient as subject and performer (self-report).

Also (issue 18): `Bundle.timestamp` (when the report was made); the functional tests,
one Observation a result, with a LOINC code where one was verified on loinc.org:
66247-8 "Sit to stand frequency in 30 seconds" (https://loinc.org/66247-8, paceit's
30-second sit-to-stand) and 89423-8 "Time to rise from chair, walk 10 feet and back,
and return to sitting [TUG]" (a member of the panel https://loinc.org/89422-0, paceit's
timed up-and-go); every other test (stair climb, 6-minute walk, the person's own) under
paceit's own code system with `code.text`, as §9 asks for codes not confirmed. PSFS:
a score Observation whose `hasMember` are the items, each with the activity the person
chose as `code.text` (paceit's code system: §9 confirms no LOINC code for PSFS).

Readings written down:
- The Patient resource carries no identifier; its `name` is `report.name` when the
  person set one (as text only, never split into given and family names, which paceit
  cannot know), and none otherwise: the person hands the file to a clinician who knows
  them.
- paceit's own code system is a fixed `urn:uuid:` (FHIR allows a UUID as a system URI):
  it claims no web address that paceit does not own.
- Ids are UUIDs derived from the content (uuid5), so the same report gives the
  same bundle; references use the `urn:uuid:` fullUrls, as a collection allows.
- Sleep and the other measures have no confirmed LOINC code (§9) and are left out
  rather than sent under a guessed code; so are the medicine days: a medicine taken
  is not an Observation. The other formats carry them.
- The PEG mean (91147-9) is a valueQuantity in UCUM `{score}`, the fallback §9
  names, since an R4 Observation has no decimal value type.
- The bundle says it holds health data: a confidentiality label (restricted) and
  a tag with the sentence every paceit report carries.
"""

from __future__ import annotations

import uuid
from typing import Any

from paceit.function_records import TaskResult
from paceit.functional_tests import built_in
from paceit.measures import PEG_ITEMS
from paceit.render.jsontext import dumps
from paceit.report import Report
from paceit.report_sections import Questionnaire

LOINC = "http://loinc.org"
PACEIT = "urn:uuid:43e7f69a-af40-5879-b090-75bbd1b23f87"  # paceit's own code system (uuid5 of its name)
UCUM = "http://unitsofmeasure.org"
# Functional tests with a LOINC code verified on loinc.org (see the module docstring), by
# paceit's built-in test name: (code, display, UCUM unit of the value).
TASK_LOINC = {
    "sit-to-stand": ("66247-8", "Sit to stand frequency in 30 seconds", "{#}/(30.s)"),
    "up-and-go": ("89423-8", "Time to rise from chair, walk 10 feet and back, and return to sitting [TUG]", "s"),
}
TASK_UCUM = {"s": "s", "m": "m", "kg": "kg", "count": "{#}", "min": "min"}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_OID, "paceit report fhir")
PAIN = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
PEG_PANEL = ("91148-7", "Pain, Enjoyment of life and General activity scale [PEG]")
PEG_SCORE = ("91147-9", "PEG score")
PEG_NAMES = {
    "pain": "Pain on average in the past week [PEG]",
    "enjoyment": "Pain interference with enjoyment of life in the past week [PEG]",
    "activity": "Pain interference with general activity in the past week [PEG]",
}
EXAM = [
    {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": "exam",
                "display": "Exam",
            }
        ]
    }
]
SURVEY = [
    {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": "survey",
                "display": "Survey",
            }
        ]
    }
]


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '|'.join(str(p) for p in parts))}"


def _code(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": LOINC, "code": code, "display": display}], "text": display}


def _observation(patient: str, code: tuple[str, str], at: str, **value: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": SURVEY,
        "code": _code(*code),
        "subject": {"reference": patient},
        "performer": [{"reference": patient}],
        "effectiveDateTime": at,
        **value,
    }


def _score(value: float) -> dict[str, Any]:
    """The PEG mean as a Quantity in UCUM's `{score}`: R4 Observations have no valueDecimal."""
    return {"value": value, "unit": "{score}", "system": "http://unitsofmeasure.org", "code": "{score}"}


def _own(code: str, text: str) -> dict[str, Any]:
    """A code of paceit's own code system, with the words in `text` (no LOINC code confirmed)."""
    return {"coding": [{"system": PACEIT, "code": code, "display": text}], "text": text}


def _psfs(patient: str, q: Questionnaire) -> list[tuple[str, dict[str, Any]]]:
    """The PSFS score and its items, each item's activity (as the person wrote it) as text."""
    members = [
        (
            _urn("psfs", q.at, i, item),
            {
                **_observation(patient, ("", ""), q.at, valueInteger=value),
                "code": _own("psfs-item", f"PSFS: {item} (0 = unable, 10 = as before the problem)"),
            },
        )
        for i, (item, value) in enumerate(q.items)
    ]
    score = {
        **_observation(patient, ("", ""), q.at, valueQuantity=_score(q.score)),
        "code": _own("psfs-score", "PSFS score: mean of the items (0-10, higher is better)"),
        "hasMember": [{"reference": url} for url, _ in members],
    }
    return [(_urn("psfs", q.at, "score"), score), *members]


def _task(patient: str, result: TaskResult) -> tuple[str, dict[str, Any]]:
    """One functional test result: a LOINC code where verified, paceit's own otherwise."""
    spec = built_in(result.name)
    known = TASK_LOINC.get(spec.name) if spec is not None and result.unit == spec.unit else None
    at = result.day.isoformat()
    unit = known[2] if known else TASK_UCUM.get(result.unit, result.unit)
    value = {"value": result.value, "unit": result.unit, "system": UCUM, "code": unit}
    if result.unit not in TASK_UCUM and not known:
        value = {"value": result.value, "unit": result.unit}  # the person's own unit: no UCUM claimed
    observation = _observation(patient, ("", ""), at, valueQuantity=value)
    observation["category"] = EXAM
    if known:
        observation["code"] = _code(known[0], known[1])
    else:
        observation["code"] = _own("functional-test", f"{result.name} ({result.unit}; {result.better} is better)")
    return _urn("task", at, result.name, result.value), observation


def _peg(patient: str, q: Questionnaire) -> list[tuple[str, dict[str, Any]]]:
    by_key = {item.key: item.loinc for item in PEG_ITEMS}
    members = []
    for key, value in q.items:
        if key in by_key:
            members.append(
                (_urn("peg", q.at, key), _observation(patient, (by_key[key], PEG_NAMES[key]), q.at, valueInteger=value))
            )
    score = (_urn("peg", q.at, "score"), _observation(patient, PEG_SCORE, q.at, valueQuantity=_score(q.score)))
    panel = _observation(patient, PEG_PANEL, q.at, hasMember=[{"reference": url} for url, _ in [*members, score]])
    return [(_urn("peg", q.at, "panel"), panel), *members, score]


def to_bundle(report: Report) -> dict[str, Any]:
    patient_url = _urn("patient")
    patient: dict[str, Any] = {"resourceType": "Patient", "active": True}
    if report.name:
        patient["name"] = [{"text": report.name}]
    entries: list[tuple[str, dict[str, Any]]] = [(patient_url, patient)]
    for at, pain in report.readings:
        entries.append((_urn("pain", at, pain), _observation(patient_url, PAIN, at, valueInteger=pain)))
    for q in report.questionnaires:
        if q.kind == "peg":
            entries.extend(_peg(patient_url, q))
        elif q.kind == "psfs" and q.items:
            entries.extend(_psfs(patient_url, q))
    entries += [_task(patient_url, r) for r in report.task_results]
    stamp = {"timestamp": report.made_at} if report.made_at else {}
    return {
        "resourceType": "Bundle",
        "meta": {
            "security": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality",
                    "code": "R",
                    "display": "restricted",
                }
            ],
            "tag": [{"code": "health-data", "display": report.health_data}],
        },
        "type": "collection",
        **stamp,
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }


def render(report: Report) -> str:
    return dumps(to_bundle(report), depth=3)
