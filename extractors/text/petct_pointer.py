"""Tumour attributes from the pointer model (:mod:`models.pointer`), alone or combined with the rules.

Modes (``PetctOptions.tumour_mode``): ``rules`` (the rule values only), ``model`` (the model's values
only), ``union`` (rule values plus the model values the rules did not give) and ``model+rules`` (per
field the mode chosen on part-b CV, stored in the model's manifest as ``field_modes``). Every model
value carries its span and its calibrated confidence; one below ``review_threshold`` is ``needs_review``.
"""
from __future__ import annotations

from oncostruct.engine.cdm import Field, FieldStatus, Source
from oncostruct.extractors.base import span
from oncostruct.models.pointer import FIELDS, PointerModel, PointerSpan

PREFIX = "imaging."


def model_field(path: str, s: PointerSpan, model: PointerModel, review_threshold: float) -> Field:
    low = s.confidence < review_threshold
    return Field(name=path, value=s.text, normalized=s.text, confidence=round(s.confidence, 4),
                 source=Source(kind="model", name=model.name, version=model.version),
                 provenance=[span(s.start, s.end, s.text)], attributes={"raw_confidence": round(s.raw, 4)},
                 status=FieldStatus.needs_review if low else FieldStatus.auto_accepted,
                 review_reason=(f"pointer model confidence {s.confidence:.2f} below the review threshold "
                                f"{review_threshold:.2f}") if low else None)


def field_modes(mode: str, model: PointerModel) -> dict[str, str]:
    """Per-field mode for ``mode``; ``model+rules`` reads the manifest's CV choice (rules where absent)."""
    if mode == "model+rules":
        return {f: model.field_modes.get(f, "rules") for f in FIELDS}
    return {f: mode for f in FIELDS}


def merge(rule_fields: list[Field], spans: list[PointerSpan], model: PointerModel, mode: str,
          review_threshold: float) -> list[Field]:
    """The attribute fields of ``rule_fields`` replaced or completed by the model's, field by field."""
    modes = field_modes(mode, model)
    out = [f for f in rule_fields if not any(f.name.startswith(f"{PREFIX}{a}[") for a in FIELDS
                                               if modes[a] == "model")]
    for a in FIELDS:
        if modes[a] == "rules":
            continue
        kept = [f for f in out if f.name.startswith(f"{PREFIX}{a}[")]
        have = {str(f.normalized) for f in kept}
        k = len(kept)
        for s in (x for x in spans if x.field == a and x.text not in have):
            out.append(model_field(f"{PREFIX}{a}[{k}]", s, model, review_threshold))
            have.add(s.text)
            k += 1
    return out
