"""Label spaces of the TCGA pathology heads and how raw labels collapse onto them.

T collapses to T1-T4 (suffixes a/b/c/1/2 dropped; TX, Tis, T0 are not scored), N to N0-N3
(NX not scored), M to M0/M1 (MX not scored) and the AJCC stage group to I-IV (sub-stages
A/B/C dropped; "Stage 0" and "Stage X" not scored). Cancer type is the TCGA project code.
"""
from __future__ import annotations

import re

HEADS = ("cancer_type", "t_stage", "n_stage", "m_stage", "ajcc_stage")
CLASSES = {
    "t_stage": ["T1", "T2", "T3", "T4"],
    "n_stage": ["N0", "N1", "N2", "N3"],
    "m_stage": ["M0", "M1"],
    "ajcc_stage": ["I", "II", "III", "IV"],
}
_AXIS = {"t_stage": ("T", "1234"), "n_stage": ("N", "0123"), "m_stage": ("M", "01")}
_STAGE = re.compile(r"^\s*(?:stage\s*)?(IV|III|II|I)(?![IV])", re.I)


def collapse(head: str, value: str | None) -> str | None:
    """The scored class of a raw label (``"T2a"`` → ``"T2"``, ``"Stage IIIB"`` → ``"III"``), or None."""
    if value is None:
        return None
    value = str(value).strip()
    if head == "cancer_type":
        return value.upper() or None
    if head == "ajcc_stage":
        m = _STAGE.match(value)
        return m.group(1).upper() if m else None
    axis, allowed = _AXIS[head]
    m = re.match(rf"^(?:[a-z]{{0,3}}){axis}([0-4O])", value, re.I)
    if not m:
        return None
    digit = "0" if m.group(1) in "oO" else m.group(1)
    return f"{axis}{digit}" if digit in allowed else None


# AJCC (7th edition, as TCGA staged) stage groups that stated pT/pN/pM determine, collapsed to I-IV.
# Per site group: rules (T set, N set, M set, allowed groups); "*" matches anything, including an
# unstated axis; the first matching rule wins; no match = not determined. Only combinations whose
# collapsed group is the same in the 7th and 8th editions are listed (HNSC: the non-HPV tables; the
# 8th edition's p16-positive oropharynx table differs). THCA (age-dependent) and TGCT
# (serum markers) are left out entirely; every other site takes "M1 → IV".
_ANY = "*"
STAGE_RULES: dict[str, list[tuple[str, str, str, str]]] = {
    "colorectal": [("*", "N1 N2", "M0", "III"), ("T1 T2", "N0", "M0", "I"), ("T3 T4", "N0", "M0", "II")],
    "kidney": [("T4", "*", "M0", "IV"), ("T1 T2 T3", "N1", "M0", "III"), ("T1", "N0", "M0", "I"),
               ("T2", "N0", "M0", "II"), ("T3", "N0", "M0", "III")],
    "lung": [("*", "N2 N3", "M0", "III"), ("T4", "*", "M0", "III"), ("T3", "N1", "M0", "III"),
             ("T3", "N0", "M0", "II"), ("T1 T2", "N1", "M0", "II"), ("T1", "N0", "M0", "I"), ("T2", "N0", "M0", "I II")],
    "breast": [("*", "N2 N3", "M0", "III"), ("T4", "*", "M0", "III"), ("T3", "N1", "M0", "III"),
               ("T3", "N0", "M0", "II"), ("T2", "N0 N1", "M0", "II"), ("T1", "N1", "M0", "I II"), ("T1", "N0", "M0", "I")],
    "liver": [("*", "N1", "M0", "IV"), ("T1", "N0", "M0", "I"), ("T2", "N0", "M0", "II"), ("T3 T4", "N0", "M0", "III")],
    "melanoma": [("*", "N1 N2 N3", "M0", "III"), ("T3 T4", "N0", "M0", "II"), ("T1 T2", "N0", "M0", "I II")],
    "head_neck": [("T4", "*", "M0", "IV"), ("*", "N2 N3", "M0", "IV"), ("T1 T2 T3", "N1", "M0", "III"),
                  ("T3", "N0", "M0", "III"), ("T2", "N0", "M0", "II"), ("T1", "N0", "M0", "I")],
    "pancreas": [("T4", "*", "M0", "III"), ("T1 T2", "N0", "M0", "I"), ("T3", "N0", "M0", "II"),
                 ("T1 T2 T3", "N1 N2", "M0", "II III")],
    "stomach": [("T1", "N0 N1", "M0", "I"), ("T2", "N0", "M0", "I"), ("T1", "N2", "M0", "II"), ("T1", "N3", "M0", "II III"),
                ("T2", "N1 N2", "M0", "II"), ("T3", "N0 N1", "M0", "II"), ("T2", "N3", "M0", "III"),
                ("T3", "N2 N3", "M0", "III"), ("T4", "N0", "M0", "II III"), ("T4", "N1 N2 N3", "M0", "III")],
    "adrenal": [("T1", "N0", "M0", "I"), ("T2", "N0", "M0", "II"), ("T1 T2", "N1", "M0", "III"), ("T3", "N0", "M0", "III"),
                ("T4", "N0", "M0", "III IV"), ("T3 T4", "N1", "M0", "IV")],
    "t1n0_is_i": [("T1", "N0", "M0", "I")],
}
SITE_GROUP = {"COAD": "colorectal", "READ": "colorectal", "KIRC": "kidney", "KIRP": "kidney", "KICH": "kidney",
              "LUAD": "lung", "LUSC": "lung", "BRCA": "breast", "LIHC": "liver", "SKCM": "melanoma",
              "HNSC": "head_neck", "PAAD": "pancreas", "STAD": "stomach", "ACC": "adrenal", "ESCA": "t1n0_is_i"}
NO_STAGE_RULES = {"THCA", "TGCT"}


def _matches(pattern: str, value: str | None) -> bool:
    return pattern == _ANY or (value is not None and value in pattern.split())


def allowed_stages(cancer_type: str | None, t: str | None, n: str | None, m: str | None) -> list[str] | None:
    """Stage groups (I-IV) consistent with stated collapsed pT/pN/pM for a TCGA cancer type, or None
    when the statement does not constrain the group (see :data:`STAGE_RULES`). An unstated M is
    read as "M0 or M1": the M0 groups plus IV."""
    if cancer_type in NO_STAGE_RULES:
        return None
    if m == "M1":
        return ["IV"]
    for rt, rn, rm, groups in STAGE_RULES.get(SITE_GROUP.get(cancer_type or "", ""), []):
        if _matches(rt, t) and _matches(rn, n) and _matches(rm, m or "M0"):
            allowed = groups.split()
            return allowed if m or "IV" in allowed else allowed + ["IV"]
    return None


STAGE_RULE_RELIABILITY = 0.9  # weight given to the groups stated pT/pN/pM allow


def restrict_stage(proba: dict[str, float], allowed: list[str], r: float = STAGE_RULE_RELIABILITY) -> dict[str, float]:
    """r·(proba restricted to ``allowed``, renormalised) + (1 − r)·proba: the argmax is always allowed."""
    mass = sum(proba.get(c, 0.0) for c in allowed)
    return {c: r * ((v / mass if mass > 0 else 1 / len(allowed)) if c in allowed else 0.0) + (1 - r) * v
            for c, v in proba.items()}


# Topography categories (extractors/rules/topography.yaml ``category``) a primary site consistent with each TCGA
# project can have; the bench's primary-site consistency check. Colorectal projects accept colon and rectum (the
# rectosigmoid is assigned either way), CHOL the liver (intrahepatic), ESCA the stomach (junction), SARC any soft
# tissue or bone site; UVM has no eye category in the lexicon, so it cannot be consistent.
PROJECT_ORGANS: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in {
    "ACC": {"adrenal gland"}, "BLCA": {"bladder"}, "BRCA": {"breast"}, "CESC": {"cervix"},
    "CHOL": {"biliary tract", "gallbladder", "liver"}, "COAD": {"colon", "rectum"}, "DLBC": {"lymph node"},
    "ESCA": {"oesophagus", "stomach"}, "GBM": {"brain"}, "HNSC": {"oral cavity", "oropharynx", "larynx", "hypopharynx",
    "nasopharynx", "salivary gland"}, "KICH": {"kidney"}, "KIRC": {"kidney"}, "KIRP": {"kidney"}, "LGG": {"brain"},
    "LIHC": {"liver"}, "LUAD": {"lung"}, "LUSC": {"lung"}, "MESO": {"pleura"}, "OV": {"ovary"}, "PAAD": {"pancreas"},
    "PCPG": {"adrenal gland"}, "PRAD": {"prostate"}, "READ": {"rectum", "colon"}, "SARC": {"soft tissue", "bone"},
    "SKCM": {"skin"}, "STAD": {"stomach"}, "TGCT": {"testis"}, "THCA": {"thyroid"}, "THYM": {"thymus"},
    "UCEC": {"uterus"}, "UCS": {"uterus"}, "UVM": set()}.items()}


def site_consistency(pairs: list[tuple[str | None, str | None]]) -> dict[str, float | int | None]:
    """How often the extracted primary-site organ fits the TCGA project: ``pairs`` = (project, organ or None)
    for the labelled reports; ``consistent`` / ``other_organ`` / ``no_site`` are fractions of ``n``."""
    rows = [(p.upper(), o) for p, o in pairs if p and p.upper() in PROJECT_ORGANS]
    n = len(rows)
    ok = sum(1 for p, o in rows if o is not None and o in PROJECT_ORGANS[p])
    none = sum(1 for _, o in rows if o is None)
    frac = (lambda k: round(k / n, 4)) if n else (lambda k: None)
    return {"n": n, "consistent": frac(ok), "other_organ": frac(n - ok - none), "no_site": frac(none)}
