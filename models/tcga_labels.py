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
