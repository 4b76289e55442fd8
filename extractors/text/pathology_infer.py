"""Stated versus inferred staging and cancer type for English (TCGA-style) pathology reports.

The rule extractor finds explicit statements (``pT2 pN1a``). For each head of the TCGA
classifier (:mod:`models.tcga_classifier`) the best guess is the stated value when the report
states one in the head's class set, else the model's argmax. Stated values keep their rule
Field and span; the model's probabilities are added as an attribute. Unstated values become new
Fields with ``inferred=True``, no span, the class probabilities in ``attributes`` and
``confidence`` = the top probability, so the review gate sends the unsure ones to review.
A stated value the model finds very unlikely raises an info Issue.
"""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from oncostruct.engine.cdm import Code, DocType, Field, FieldStatus, Issue, Source
from oncostruct.engine.errors import ConfigError
from oncostruct.extractors.base import Extraction, ExtractionInput
from oncostruct.extractors.text.pathology import PathologyExtractor
from oncostruct.extractors.text.pathology_common import detect_lang
from oncostruct.models.tcga_labels import allowed_stages, collapse, restrict_stage

# head → (CDM field name, TNM view attribute); the staging heads the rules can state
AXES = {"t_stage": ("pathology.pT", "T"), "n_stage": ("pathology.pN", "N"), "m_stage": ("pathology.pM", "M")}
MODEL_ONLY = {"cancer_type": "pathology.cancer_type", "ajcc_stage": "pathology.ajcc_stage"}
MIN_LISTED = 0.001  # class probabilities below this are left out of the attributes (32 cancer types)
DISAGREE_BELOW = 0.05  # model probability of the stated class under which the statement is questioned


_SIZE_EDGES = (1.0, 2.0, 3.0, 4.0, 5.0, 7.0)
_LN_EDGES = (0, 1, 3, 6, 9, 15)


def _bucket(value: float, edges: tuple[float, ...]) -> str:
    for i, edge in enumerate(edges):
        if value <= edge:
            return f"le{edge:g}" if i == 0 else f"{edges[i - 1]:g}_{edge:g}"
    return f"gt{edges[-1]:g}"


def rule_tokens(fields: list[Field]) -> list[str]:
    """Rule findings as classifier tokens: organ (ICD-10 C-code), histology code, grade, size and
    positive-node buckets (also crossed with the organ), invasion, margin, stated TNM and stage group."""
    first = {}
    for f in fields:
        first.setdefault(f.name, f)
    toks: list[str] = []
    site = first.get("pathology.primary_site")
    organ = str(site.attributes.get("icd10", ""))[:3] if site else ""
    if organ:
        toks += [f"site_{organ}", f"organ_{site.attributes.get('organ', '')}".replace(" ", "_")]
    hist = first.get("pathology.histology")
    if hist is not None and hist.code is not None:
        toks.append("hist_" + hist.code.code.replace("/", "_"))
    for name, key in (("pathology.grade", "grade"), ("pathology.margin", "margin"),
                      ("pathology.lymphovascular_invasion", "lvi"), ("pathology.perineural_invasion", "pni"),
                      ("pathology.pleural_invasion", "pl")):
        if name in first and isinstance(first[name].normalized, (str, bool)):
            toks.append(f"{key}_{first[name].normalized}")
    size = first.get("pathology.tumor_size")
    if size is not None and size.normalized:
        b = "size_" + _bucket(max(size.normalized), _SIZE_EDGES)
        toks += [b, f"{organ}_{b}"]
    pos = first.get("pathology.ln_positive")
    if pos is not None and isinstance(pos.normalized, int):
        b = "lnpos_" + _bucket(pos.normalized, _LN_EDGES)
        toks += [b, f"{organ}_{b}"]
    for name in ("pathology.pT", "pathology.pN", "pathology.pM"):
        for f in fields:
            if f.name == name and isinstance(f.normalized, dict) and not f.inferred:
                toks.append(f"stated_{f.normalized.get('prefix') or ''}{f.normalized['category']}")
    stage = first.get("pathology.ajcc_stage")
    if stage is not None and not stage.inferred and collapse("ajcc_stage", stage.normalized):
        toks.append(f"stated_stage_{collapse('ajcc_stage', stage.normalized)}")
    return toks


def rule_view(text: str, language: str = "en") -> tuple[list[str], dict[str, tuple[str, float]]]:
    """Run the rule extractor on a report: its findings as classifier tokens (what the classifier
    must be given with the text, see ``manifest.json`` ``features.rule_tokens``) and the stated
    (class, reliability) per staging head."""
    ex = PathologyExtractor().extract(ExtractionInput(text=text, doc_type=DocType.pathology, language=language))
    stated = {h: (_stated_class(h, f), f.confidence) for h, f in stated_fields(ex.fields).items()}
    return rule_tokens(ex.fields), stated  # type: ignore[return-value]


@dataclass
class Decision:
    """The best guess of one head: class, combined probabilities, and whether the report stated it."""

    head: str
    best: str
    proba: dict[str, float]
    stated: bool
    model_proba: dict[str, float]
    field: Field | None = None  # the stated rule Field, when stated
    allowed: list[str] | None = None  # stage groups the stated pT/pN/pM allow (ajcc_stage only)


def stated_fields(fields: list[Field]) -> dict[str, Field]:
    """The stated pT/pN/pM field the pathology view reports, per head (only classes the head knows)."""
    view = PathologyExtractor().build_view(fields)
    out: dict[str, Field] = {}
    if view is None or view.tnm is None:
        return out
    for head, (name, attr) in AXES.items():
        category = getattr(view.tnm, attr)
        if collapse(head, category) is None:
            continue
        out[head] = next(f for f in fields if f.name == name and f.normalized.get("category") == category)
    if collapse("ajcc_stage", view.tnm.stage_group) is not None:
        out["ajcc_stage"] = next(f for f in fields if f.name == "pathology.ajcc_stage" and not f.inferred
                                 and f.normalized == view.tnm.stage_group)
    return out


def _stated_class(head: str, f: Field) -> str | None:
    return collapse(head, f.normalized if head == "ajcc_stage" else f.normalized["category"])


def decide(probs: dict[str, dict[str, float]], fields: list[Field]) -> dict[str, Decision]:
    """Combine model probabilities with stated values: p = r·onehot(stated) + (1 − r)·p_model."""
    stated = stated_fields(fields)
    out: dict[str, Decision] = {}
    for head, p in probs.items():
        f = stated.get(head)
        cls = _stated_class(head, f) if f else None
        if f is None or cls not in p:
            out[head] = Decision(head, max(p, key=p.get), dict(p), False, dict(p))
            continue
        r = f.confidence
        combined = {c: r * (c == cls) + (1 - r) * v for c, v in p.items()}
        out[head] = Decision(head, cls, combined, True, dict(p), f)
    if "ajcc_stage" in out:
        constrain_stage(out)
    return out


def constrain_stage(decisions: dict[str, Decision]) -> None:
    """Keep the stage group consistent with the stated pT/pN/pM (:func:`models.tcga_labels.restrict_stage`),
    so the best guess is always a group the statement allows."""
    stated = {h: d.best if d.stated else None for h, d in decisions.items() if h in AXES}
    ct = decisions["cancer_type"].best if "cancer_type" in decisions else None
    d = decisions["ajcc_stage"]
    allowed = allowed_stages(ct, stated.get("t_stage"), stated.get("n_stage"), stated.get("m_stage"))
    allowed = [c for c in allowed or [] if c in d.model_proba]
    if not allowed:
        return
    d.allowed = allowed
    if d.stated:  # a written stage group wins; a clash with the written pTNM is flagged (inferred_fields)
        return
    d.proba = restrict_stage(d.model_proba, allowed)
    d.best = max(d.proba, key=d.proba.get)


def _source(model_name: str, version: str) -> Source:
    return Source(kind="model", name=f"{model_name}:tfidf-linear", version=version)


def inferred_fields(decisions: dict[str, Decision], model_name: str, version: str,
                    rule_fields: list[Field] = ()) -> tuple[list[Field], list[Issue]]:
    """New inferred Fields for unstated heads; stated Fields get the model's view as attributes.
    An axis written as unknown (pMX, pTX) keeps its statement: the model's guess goes to its attributes."""
    fields: list[Field] = []
    issues: list[Issue] = []
    src = _source(model_name, version)
    for head, d in decisions.items():
        rounded = {c: round(v, 4) for c, v in sorted(d.proba.items(), key=lambda kv: -kv[1]) if v >= MIN_LISTED}
        if d.stated and d.field is not None:
            d.field.attributes["model_probabilities"] = {c: round(v, 4) for c, v in d.model_proba.items() if v >= MIN_LISTED}
            if d.allowed is not None and d.best not in d.allowed:  # the report contradicts itself
                msg = (f"the written stage group {d.field.value!r} contradicts the written pTNM "
                       f"(allows {'/'.join(d.allowed)}); please review")
                issues.append(Issue(code="pathology.stage_tnm_conflict", severity="warning", fields=[d.field.name], message=msg))
                d.field.status, d.field.review_reason = FieldStatus.needs_review, msg
            if d.model_proba.get(d.best, 0.0) < DISAGREE_BELOW:
                issues.append(Issue(code="pathology.stated_model_disagree", severity="info", fields=[d.field.name],
                                    message=f"{d.field.name} states {d.field.value!r}, but the report classifier gives "
                                            f"{d.best} a probability of {d.model_proba.get(d.best, 0.0):.2f}"))
            continue
        conf = round(max(d.proba.values()), 4)
        attrs = {"probabilities": rounded, "head": head}
        review: dict = {}
        if d.allowed is not None:
            attrs["allowed_by_stated_tnm"] = d.allowed
            model_best = max(d.model_proba, key=d.model_proba.get)
            if model_best not in d.allowed:
                attrs["model_best"] = model_best
                msg = (f"the classifier's stage {model_best} contradicts the stated pTNM "
                       f"(allows {'/'.join(d.allowed)}); {d.best} kept, please review")
                issues.append(Issue(code="pathology.stage_tnm_conflict", severity="warning", fields=[MODEL_ONLY[head]], message=msg))
                review = {"status": FieldStatus.needs_review, "review_reason": msg}
        unknown = next((f for f in rule_fields if head in AXES and f.name == AXES[head][0]), None)
        if unknown is not None:
            unknown.attributes.update({"model_probabilities": rounded, "model_best": d.best})
            continue
        if head in AXES:
            axis_name = AXES[head][0]
            fields.append(Field(name=axis_name, value=None, normalized={"prefix": None, "category": d.best},
                                confidence=conf, source=src, inferred=True,
                                attributes={"probabilities": rounded, "head": head}))
        else:
            code = Code(system="TCGA", code=d.best) if head == "cancer_type" else None
            fields.append(Field(name=MODEL_ONLY[head], value=None, normalized=d.best, code=code, confidence=conf,
                                source=src, inferred=True, attributes=attrs, **review))
    return fields, issues


class TcgaOptions(BaseModel):
    """Options of the pathology component."""

    model_config = ConfigDict(extra="forbid")
    model: str = "tcga_pathology"  # a released model name or a model folder


class PathologyTcgaExtractor(PathologyExtractor):
    """The rule extractor plus the TCGA report classifier for English reports (stated wins)."""

    name = "pathology-rules+tcga"
    version = "2"  # 2: the stage group is kept consistent with stated pT/pN/pM
    Options = TcgaOptions

    @property
    def model_name(self) -> str:
        return self.options.model

    def classifier(self):
        """The loaded classifier; ConfigError when its weights are not installed."""
        from oncostruct.models.tcga_classifier import load

        return load(self.model_name)

    def analyse(self, doc: ExtractionInput) -> tuple[Extraction, dict[str, Decision]]:
        """Rule extraction plus the per-head decisions (empty for Chinese text, or without weights, with an issue)."""
        ex = super().extract(doc)
        if detect_lang(doc.text, doc.language) != "en":
            return ex, {}
        try:
            clf = self.classifier()
        except ConfigError as exc:
            ex.issues.append(Issue(code="model.unavailable", severity="warning",
                                   message=f"TCGA model {self.model_name} not loaded ({exc.message}); "
                                           "cancer type and unstated staging are not inferred"))
            return ex, {}
        decisions = decide(clf.predict(doc.text, rule_tokens(ex.fields)), ex.fields)
        fields, issues = inferred_fields(decisions, clf.name, clf.version, ex.fields)
        ex.fields += fields
        ex.issues += issues
        return ex, decisions

    def extract(self, doc: ExtractionInput) -> Extraction:
        return self.analyse(doc)[0]
