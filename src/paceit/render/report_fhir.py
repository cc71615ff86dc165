"""`paceit report --format fhir`: an R4 Bundle (type `collection`) of Observations.

Per clinical-rules.md §9: one Observation per pain entry (LOINC 72514-3,
valueInteger) and, per PEG, a panel Observation (91148-7) whose `hasMember` points
at its three items (75893-8, 91145-3, 91146-1) and its mean score (91147-9). Each
is `final`, category `survey`, with the Patient as subject and performer (self-report).

Readings written down:
- The Patient resource carries no name or identifier: paceit does not store one,
  and the person hands the file to a clinician who knows them.
- Ids are UUIDs derived from the content (uuid5), so the same report gives the
  same bundle; references use the `urn:uuid:` fullUrls, as a collection allows.
- PSFS, sleep and the other measures have no confirmed LOINC code (§9) and are
  left out rather than sent under a guessed code. So are the functional tests
  (sit-to-stand, up-and-go, stair climb, 6-minute walk, the person's own) and the
  medicine days: §9 confirms no code for them, and a medicine taken is not an
  Observation. The other formats carry both.
- The PEG mean (91147-9) is a valueQuantity in UCUM `{score}`, the fallback §9
  names, since an R4 Observation has no decimal value type.
- The bundle says it holds health data: a confidentiality label (restricted) and
  a tag with the sentence every paceit report carries.
"""

from __future__ import annotations

import uuid
from typing import Any

from paceit.measures import PEG_ITEMS
from paceit.render.jsontext import dumps
from paceit.report import Questionnaire, Report

LOINC = "http://loinc.org"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_OID, "paceit report fhir")
PAIN = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
PEG_PANEL = ("91148-7", "Pain, Enjoyment of life and General activity scale [PEG]")
PEG_SCORE = ("91147-9", "PEG score")
PEG_NAMES = {
    "pain": "Pain on average in the past week [PEG]",
    "enjoyment": "Pain interference with enjoyment of life in the past week [PEG]",
    "activity": "Pain interference with general activity in the past week [PEG]",
}
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
    entries: list[tuple[str, dict[str, Any]]] = [(patient_url, {"resourceType": "Patient", "active": True})]
    for at, pain in report.readings:
        entries.append((_urn("pain", at, pain), _observation(patient_url, PAIN, at, valueInteger=pain)))
    for q in report.questionnaires:
        if q.kind == "peg":
            entries.extend(_peg(patient_url, q))
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
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }


def render(report: Report) -> str:
    return dumps(to_bundle(report), depth=3)
