"""Label Studio labelling configs generated from the CDM field catalogue (``engine/data/field_catalogue.yaml``).

* Text kinds (pathology, PET-CT, discharge): one span label per CDM field template
  (``imaging.lesions[].site``) plus the NER entity labels; PET-CT adds a findings-sentence
  label and a relation that links a lesion's findings to its conclusion item.
* Lab report images: rectangles per row or cell, with per-region text areas for value, unit
  and reference.
* Surgical video: action and instrument timelines (TimelineLabels at the clip's frame rate) plus the key frames.

Tag names (``from_name``/``to_name``) are constants here and are read back by push and pull.
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

from oncostruct.engine.catalogue import LabelKind, load_catalogue, template_of

TEXT_FROM, TEXT_TO = "label", "text"
# local corrections of span-less (inferred) fields: a choices region named by the field, no span
INFERRED_FROM = "inferred"
RELATION_TYPE = "relation"
LAB_FROM, LAB_TO = "cell", "image"
VIDEO_FROM, VIDEO_TO = "action", "video"
VIDEO_INSTRUMENTS = "instrument"
TEXT_KINDS = ("pathology", "petct", "discharge")
KINDS = (*TEXT_KINDS, "lab_report", "surgical_video")
# CT reports share the PET-CT structure (findings + conclusion); "other" texts get entity labels only
KIND_ALIASES = {"ct": "petct", "other": "discharge"}


def kind_spec(kind: str) -> LabelKind:
    """The catalogue's Label Studio settings of a labelling kind."""
    return load_catalogue().label_studio.kinds[kind]


def entity_labels() -> list[str]:
    """The NER entity labels offered in every text config."""
    return list(load_catalogue().label_studio.entity_labels)


def kind_for(doc_type: str) -> str:
    """The labelling kind used for a CDM document type."""
    kind = KIND_ALIASES.get(doc_type, doc_type)
    if kind not in KINDS:
        raise ValueError(f"no labelling config for document type {doc_type!r}")
    return kind


def field_label(field_name: str) -> str:
    """The span label of a CDM field: its path with indices blanked (``imaging.lesions[2].site`` → ``imaging.lesions[].site``)."""
    return template_of(field_name)


def text_labels(kind: str) -> list[str]:
    """Span labels offered for a text kind: field templates, the findings label, then entity labels."""
    kind = kind_for(kind)
    finding = kind_spec(kind).finding_label
    return load_catalogue().span_labels(kind) + ([finding] if finding else []) + entity_labels()


def _label_tags(labels: list[str], background: str | None = None) -> str:
    return "\n".join(f"    <Label value={quoteattr(v)}{' background=' + quoteattr(background) if background else ''}/>"
                     for v in labels)


def text_config(kind: str) -> str:
    """Config for a text kind: the document, span labels, and (PET-CT) findings→conclusion relations."""
    kind = kind_for(kind)
    spec = kind_spec(kind)
    fields = _label_tags(load_catalogue().span_labels(kind))
    extra = _label_tags([spec.finding_label], "#cccccc") if spec.finding_label else ""
    entities = _label_tags(entity_labels(), "#ffd966")
    relations = (f'  <Relations>\n    <Relation value={quoteattr(spec.relation)}/>\n  </Relations>\n'
                 if spec.relation else "")
    return (
        "<View>\n"
        '  <Header value="Correct the highlighted fields; delete wrong ones, add missing ones"/>\n'
        f'  <Labels name="{TEXT_FROM}" toName="{TEXT_TO}" showInline="true">\n'
        f"{fields}\n{extra + chr(10) if extra else ''}{entities}\n  </Labels>\n"
        f"{relations}"
        f'  <Text name="{TEXT_TO}" value="$text" granularity="symbol"/>\n'
        '  <Header value="$review_hint"/>\n'
        "</View>\n"
    )


def lab_config() -> str:
    """Config for lab report images: rectangles per row/cell plus value, unit and reference text areas."""
    spec = kind_spec("lab_report")
    areas = "\n".join(
        f'  <TextArea name="{name}" toName="{LAB_TO}" perRegion="true" editable="true" maxSubmissions="1" '
        f'placeholder={quoteattr(name)} displayMode="region-list"/>' for name in spec.text_areas
    )
    return (
        "<View>\n"
        f'  <Image name="{LAB_TO}" value="$image" zoom="true"/>\n'
        f'  <RectangleLabels name="{LAB_FROM}" toName="{LAB_TO}">\n{_label_tags(spec.regions)}\n'
        "  </RectangleLabels>\n"
        f"{areas}\n"
        "</View>\n"
    )


def video_config() -> str:
    """Config for surgical video: action and instrument timelines at the clip's frame rate, and the key frames.

    ``frameRate="$frame_rate"`` reads each task's own rate, so timeline frame numbers match the clip.
    """
    spec = kind_spec("surgical_video")
    return (
        "<View>\n"
        '  <Header value="$review_hint"/>\n'
        f'  <Video name="{VIDEO_TO}" value="$video" frameRate="$frame_rate" timelineHeight="120"/>\n'
        f'  <TimelineLabels name="{VIDEO_FROM}" toName="{VIDEO_TO}">\n{_label_tags(spec.segments)}\n'
        "  </TimelineLabels>\n"
        f'  <TimelineLabels name="{VIDEO_INSTRUMENTS}" toName="{VIDEO_TO}">\n{_label_tags(spec.instruments, "#9fc5e8")}\n'
        "  </TimelineLabels>\n"
        '  <Image name="keyframes" valueList="$keyframes"/>\n'
        "</View>\n"
    )


def label_config(doc_type: str) -> str:
    """The labelling config for a CDM document type."""
    kind = kind_for(doc_type)
    if kind == "lab_report":
        return lab_config()
    if kind == "surgical_video":
        return video_config()
    return text_config(kind)
