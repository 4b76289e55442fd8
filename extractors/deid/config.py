"""The de-identification data file (``extractors/deid/deid.yaml``), validated."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from oncostruct.engine.deid import PHI_CATEGORIES
from oncostruct.engine.errors import RulePackError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Validator(_Strict):
    check: Literal["gb11643"]
    failed_confidence: float = Field(ge=0, le=1)


class SurrogateSettings(_Strict):
    date_shift_days: tuple[int, int]
    age_zh: str
    age_en: str
    tag_hex: int = Field(6, ge=4, le=32)


class TaggerSettings(_Strict):
    name: Literal["lac"]
    tags: dict[str, str]
    min_chars: int = Field(2, ge=1)
    max_chars: int = Field(4, ge=1)
    require_surname: bool = True
    require_name_end: bool = True
    confidence: float = Field(0.7, ge=0, le=1)


class LabelHeads(_Strict):
    """Session 14: label heads (the label's last word) and the PHI category of the value after them
    (:mod:`extractors.deid.label_heads`)."""
    heads: dict[str, list[str]]        # category: heads (号, 热线, Card, user)
    value: dict[str, str]              # category: regex of the value after a separator (：, :, #, =)
    bare_value: dict[str, str] = Field(default_factory=dict)   # category: regex of a value with no separator
    reliability: float = Field(0.85, ge=0, le=1)

    def model_post_init(self, __context: object) -> None:
        bad = [c for c in [*self.heads, *self.value, *self.bare_value] if c not in PHI_CATEGORIES]
        missing = [c for c in self.heads if c not in self.value]
        if bad or missing:
            raise ValueError(f"label_heads: unknown categories {bad}, no value for {missing}")


class FieldLabels(_Strict):
    """Session 17: field labels of any written shape (:mod:`extractors.deid.field_labels`). ``keys``: words of a
    label that name a PHI category (``column_labels`` join them); ``not_words``: words that make a label no PHI field;
    ``values``: per category, the regex a value must match in full after such a label (group ``v``: the span)."""
    keys: dict[str, list[str]] = Field(default_factory=dict)
    not_words: list[str] = Field(default_factory=list)
    values: dict[str, str] = Field(default_factory=dict)
    not_keys: list[str] = Field(default_factory=list)   # column_labels the grammar leaves out (city: no PHI alone)
    not_values: list[str] = Field(default_factory=list)   # a blank's placeholder or a relation, no value (None, Self)
    confidence: float = Field(0.85, ge=0, le=1)

    def model_post_init(self, __context: object) -> None:
        bad = [c for c in [*self.keys, *self.values] if c not in PHI_CATEGORIES]
        if bad:
            raise ValueError(f"field_labels: unknown categories {bad}")


class ModelTaggerSettings(_Strict):
    """A trained PHI span tagger (``models/weights/<model>``, :mod:`extractors.deid.model_tagger`) beside the rules:
    its spans join the rule spans where the rules found nothing (issue 18, session 8)."""
    enabled: bool = True
    model: str = "deid"                           # a released weights folder by name, or a folder path
    # category: the least calibrated confidence a tagger span needs (chosen on a held-out set); unlisted: not taken
    thresholds: dict[str, float] = Field(default_factory=dict)
    max_confidence: float = Field(0.8, ge=0, le=1)   # what a tagger span carries (propagation reads it)
    # a tagger span that partly overlaps a rule span: dropped ("rules": the rules' bounds stand) or merged ("union")
    overlap: Literal["rules", "union"] = "rules"
    min_chars: int = Field(2, ge=1)
    # session 9: ONNX Runtime intra-op threads of the tagger's session (0 = the runtime's default, one per core). The
    # model is small: a second thread halves no wall time but doubles CPU time (spinning); batches run per document.
    threads: int = Field(1, ge=0)
    # session 9: category -> regexes; a tagger span of that category where one matches from its start to its end
    # or beyond (the match may read on past the span) is dropped (十五日内: a duration, not a date)
    veto: dict[str, list[str]] = Field(default_factory=dict)

    def model_post_init(self, __context: object) -> None:
        bad = [c for c in [*self.thresholds, *self.veto] if c not in PHI_CATEGORIES]
        if bad:
            raise ValueError(f"model_tagger.thresholds / veto: unknown categories {bad}")


class Hl7Field(_Strict):
    """Which PHI an HL7 v2 field holds: the whole field, its first component, one category per component, or the
    date of a timestamp."""
    category: str = ""
    part: Literal["all", "first", "components", "date", "name"] = "all"
    components: list[str] = Field(default_factory=list)
    id_first: bool = False   # prec15, part "name": an XCN, whose first component is the person's ID number
    # prec18, part "name" with id_first: an XCN ID of this shape is a clinician's registry number (a US NPI has ten
    # digits), no PHI (PHI_GUIDELINE): what a recognizer reads there is dropped
    id_not_phi: str = ""
    # prec18, part "components": type codes (component 5 of a CX: NI, SS, PPN) of a national, insurance or passport
    # number, whose assigning authority (component 4) names the scheme (SSN, NHS, CHN), no organisation
    scheme_types: list[str] = Field(default_factory=list)


class Propagation(_Strict):
    """Values found once are redacted at every other occurrence in the document."""
    categories: list[str]
    min_confidence: float = Field(0.75, ge=0, le=1)   # only spans this sure are looked for elsewhere
    min_chars: dict[str, int] = Field(default_factory=dict)
    name_tokens_min: int = Field(3, ge=2)   # an English name's words of this length or more are looked for alone
    zh_titles: list[str] = Field(default_factory=list)   # a Chinese name's surname followed by one of these
    # an English name found this surely (a cued rule, not a gazetteer guess) spreads each of its words, even one
    # outside the name lists, when the word is never written in lower case in the document (round 6)
    strong_confidence: float = Field(1.1, ge=0, le=1.1)
    # branch deidorg10: category -> regexes of values that are never spread (a department or ward names a kind of
    # place: 胸外科 found after 科室： is no identifier in 转胸外科手术); an English organisation is spread only when it
    # holds a word outside org_generic_words (Medical Oncology is a department, Lakeshore Family Practice a place)
    not_spread: dict[str, list[str]] = Field(default_factory=dict)
    # session 17 (extractors/deid/variants.py): a found value's other written forms are looked for too: a Chinese
    # name in pinyin, an English name surname first or after a title, a name as a chat's speaker label, an
    # organisation's initials; a number of these categories with other separators
    forms: bool = False
    zh_compound_surnames: list[str] = Field(default_factory=list)   # 欧阳洋: surname 欧阳, given name 洋
    pinyin_min_letters: int = Field(5, ge=2)   # a romanised name of fewer letters is not looked for
    titles: list[str] = Field(default_factory=list)   # a surname after one of these is the found person's
    skeleton_categories: list[str] = Field(default_factory=list)


class PatientPropagation(_Strict):
    """Values found surely in one document of a patient are redacted in the patient's other documents (a batch's
    documents grouped by ``patient_id``; ``oncostruct bench deid`` groups its rows so)."""
    categories: list[str]
    min_confidence: float = Field(0.85, ge=0, le=1)   # only values found this surely are carried over


class CaseView(_Strict):
    """branch deiden12: English names in capitals or lower case read on a view with them capitalised."""

    cues: list[str] = Field(default_factory=list)        # lower-case words a name follows (dr, doctor, daughter)
    not_after: list[str] = Field(default_factory=list)   # common words that follow a cue and are no name (is, was)
    org_cues: list[str] = Field(default_factory=list)    # phi12rev: words before a lower-case organisation (at, to)
    org_suffixes: list[str] = Field(default_factory=list)   # phi12rev: what a lower-case organisation ends in (hospital)


class AddressChainConfig(_Strict):
    """orgaddr15: the parts of an address written around a found street (extractors/deid/address_chain.py)."""

    before: list[str] = Field(default_factory=list)      # a unit, floor, building, estate (each before its comma)
    after: list[str] = Field(default_factory=list)       # a town, district, region, postcode; {postcode}: any shape
    postcodes: list[str] = Field(default_factory=list)   # postcode shapes by country
    end: str = r"[ \t]*(?:\n|$)"                        # where an address's parts may end
    keyed: list[str] = Field(default_factory=list)       # orgaddr16: a key word and its number (House 19, Zone 4)
    areas: list[str] = Field(default_factory=list)       # orgaddr16: an area with its head word (Barangay X, X Nagar)
    plain: str = ""                                      # orgaddr16: a part with no key word, taken after a keyed one
    first: str = ""                                      # orgaddr16: a keyed part that opens an address with no street


class AddressBlockConfig(_Strict):
    """en17: the lines of an address stacked above and under a found street (extractors/deid/address_block.py)."""

    place: str                                           # a whole line under a street: a suburb, a town
    premise: str                                         # a whole line above a street: a unit, a floor, a building
    stop: list[str] = Field(default_factory=list)        # first words of a line that is no place (Dear, Ward, Tel)
    lines: int = 5                                       # lines under a street at most
    regions: list[str] = Field(default_factory=list)     # orgaddr18: a region that ends a block where no postcode is written


class DeidConfig(_Strict):
    version: str
    recognizers: str
    validators: dict[str, Validator] = Field(default_factory=dict)
    allow_list: list[str] = Field(default_factory=list)
    allow_lexicons: list[str] = Field(default_factory=list)
    en_not_name: list[str] = Field(default_factory=list)
    en_title_heads: list[str] = Field(default_factory=list)   # s21-prec35: a title's head noun ends no person's name
    left_trim: dict[str, list[str]] = Field(default_factory=dict)
    not_phi: dict[str, list[str]] = Field(default_factory=dict)
    zh_name_not_chars: str = ""                  # a Chinese NAME span holding one of these is speech, not a name
    language_specific: bool = False
    tagger: TaggerSettings | None = None
    model_tagger: ModelTaggerSettings | None = None   # session 8: a trained PHI tagger beside the rules
    surrogates: SurrogateSettings
    patient_from: list[str]
    structured: bool = True                      # table columns, JSON/XML keys (extractors/text_tables.py)
    hl7_fields: dict[str, Hl7Field] = Field(default_factory=dict)
    column_labels: dict[str, list[str]] = Field(default_factory=dict)   # category: column labels / keys that hold it
    label_suffixes: list[str] = Field(default_factory=list)   # a header cell ending so is a label, never a name
    # s18-zh18: heads a Chinese field label ends with (出生年月, 停车车牌) beside label_suffixes and the field keys: a NAME
    # span that reads as a label and stands as a cell (label-above-value, column layouts) is a label, never a name
    zh_label_heads: list[str] = Field(default_factory=list)
    column_age_min: int = Field(90, ge=0)        # an age column's value is PHI from this age up (HIPAA: over 89)
    en_names: bool = True                        # English given name + surname pairs (en_names.yaml)
    zh_names: bool = True                        # Chinese names in prose without a cue (zh_names.yaml)
    gazetteer_rules: list[str] = Field(default_factory=list)   # rules whose English NAME spans must look like names
    org_shape_rules: list[str] = Field(default_factory=list)   # rules whose ORGANIZATION spans hold no en_not_name word
    affiliation_after_name: bool = True          # "Name (Dept)" / "姓名（科室）": the bracket is an ORGANIZATION
    affiliation_not: list[str] = Field(default_factory=list)   # bracket words that are not departments (son, MD...)
    credentials: list[str] = Field(default_factory=list)   # en17: degrees whose bracket is their field (DM (Surgery))
    # orgaddr15: regexes matched right after a NAME span; their group v is the person's department (Ivy Hart, MD,
    # Thoracic Oncology / Dr A. Kinsella (GMC 1234567), Palliative Medicine at the line's end)
    name_units: list[str] = Field(default_factory=list)
    propagation: Propagation | None = None
    patient_propagation: PatientPropagation | None = None   # round 7: across a patient's documents
    dicom_tags: dict[str, str] = Field(default_factory=dict)   # round 7: DICOM tag ("0010,0010") -> PHI category
    dicom_not_phi_vr: list[str] = Field(default_factory=list)   # DICOM value representations that hold no PHI
    spaced_cjk_min_share: float = Field(default=0.2, ge=0.0, le=1.0)  # letter-spaced Chinese: detect on a despaced view too (0 = off)
    stacked_min_run: int = Field(default=0, ge=0)   # s18-wrap18: runs of this many one-character lines read as one line in a view (0 = off)
    spaced_cjk_runs: bool = True   # deidzh13: a few letter-spaced CJK words (an OCR'd form's labels) closed up in a view (off with spaced_cjk_min_share 0 too)
    zh_name_trailing_chars: str = ""             # a Chinese rule NAME of 3+ characters ending with one loses it (史婷约)
    wrapped_min_lines: int = Field(default=0, ge=0)   # hard-wrapped text: detect on an unwrapped view too (0 = off)
    cue_not_phi: dict[str, list[str]] = Field(default_factory=dict)   # category: labels whose number is no PHI (型号, 方案编号)
    not_phi_shapes: dict[str, list[str]] = Field(default_factory=dict)   # session 9: category: regexes of whole values that are no PHI (T3N2M0)
    drug_lot_rules: list[str] = Field(default_factory=list)   # lot rules whose value is a drug's batch after a dose or drug word
    drug_lot_context: list[str] = Field(default_factory=list)  # those words (mg, 片, 注射液 ...; the drugs lexicon joins them)
    consumable_lot_rules: list[str] = Field(default_factory=list)   # prec15: lot rules whose value is a consumable's lot
    consumable_lot_context: list[str] = Field(default_factory=list)  # after these words (Bag lot, 留置针 批号, 试剂Lot)
    drug_code_after: list[str] = Field(default_factory=list)   # prec15: a drug's code after the lot on its line (NDC)
    # s18-hosp18: the hospital's own equipment (a linac, an afterloader's source, a camera body, a temperature logger):
    # a serial on a line where such a machine comes first (within 40 characters), or with a marker of the facility's
    # property right after it, is no patient's device (PHI_GUIDELINE: DEVICE_ID)
    facility_equipment_rules: list[str] = Field(default_factory=list)   # rules of other categories checked too (院内编号 …)
    facility_equipment_context: list[str] = Field(default_factory=list)
    facility_equipment_after: str = ""
    not_phi_runs: dict[str, list[str]] = Field(default_factory=dict)   # s18-hosp18: category: runs whose pieces are no PHI
    # round 8: two spans of one category separated only by this gap are one span (PO Box 12, Tulsa, OK; Monday, March 6)
    join_gaps: dict[str, str] = Field(default_factory=dict)
    # branch deidorg9: organisation and address spans grown by what follows them (extractors/deid/tails.py)
    address_tails: list[str] = Field(default_factory=list)   # regexes of building / unit / room parts after an address
    address_chain: AddressChainConfig | None = None      # orgaddr15: the parts around an address span
    address_block: AddressBlockConfig | None = None      # en17: the lines above and under an address span
    # branch deidorg10: category -> regexes of what continues a span of that category (a date's time of day)
    span_tails: dict[str, list[str]] = Field(default_factory=dict)
    # branch deidorg10: regexes of the point inside an organisation span where the name starts (after 在 / 由 / 供
    # before a city: 可以在苏州市…中心, 药品由泽安…公司); the span keeps what follows the last such point
    org_starts: list[str] = Field(default_factory=list)
    # branch deidorg11: rules whose spans count only right after an organisation span (a comma or a bracket between):
    # the town it is in (Lakeside Medical Center, Tacoma. / 某某医院（江城市）)
    after_org_rules: list[str] = Field(default_factory=list)
    org_acronym_definitions: bool = False        # "Name Cancer Center (NCC)": NCC is that organisation everywhere
    org_acronym_not: list[str] = Field(default_factory=list)   # bracketed upper-case words that define no organisation
    org_specific_rules: list[str] = Field(default_factory=list)   # rules whose spans need a word outside org_generic_words
    org_generic_words: list[str] = Field(default_factory=list)   # words that name a kind of place (cancer, clinic, family)
    # branch deidname10: column labels and keys whose values identify an item, a job or a code, never a person
    # (a bill's 编码, a log's task_id, a CDA code="..."): the recognizers do not read their cells
    not_phi_columns: list[str] = Field(default_factory=list)
    ocr_digits: bool = False   # deidname10: numbers with OCR's letter-for-digit confusions (13l5282O277) read too
    spoken_digits: bool = False   # phi10rev: Chinese numbers said digit by digit (幺三八…) read too
    case_view: CaseView | None = None   # deiden12: names in capitals or lower case (extractors/deid/case_view.py)
    name_initial_definitions: bool = False   # deiden12: initials a legend defines for a name (ZQ = Zebulon Quarrington)
    machine_fields: bool = False   # s20-mach30: names and accessions inside file names, ZPL / pipe fields; acronyms of found organisations
    initials_rules: list[str] = Field(default_factory=list)   # phi11rev: rules whose capitals are a person's initials, no acronym
    name_single_word_rules: list[str] = Field(default_factory=list)   # s18-enprose18: a one-word span that reads as a common noun is dropped
    # s19-conv19: a transliterated name (X·Y) is never glued to a Latin word before it: 【Word文档导出·含修订】 is a heading
    name_not_after_latin_rules: list[str] = Field(default_factory=list)
    age_after_name: str | None = None   # s18-enprose18: a bare age right after a NAME span (Name, 96, passed away)
    name_field_rules: list[str] = Field(default_factory=list)   # phi12rev: a name field's label: capitals are a name, no acronym
    header_not_phi_rules: list[str] = Field(default_factory=list)   # phi12rev: rules whose spans in a header row's cell are labels
    spaced_latin: bool = False   # deiden12: letter-spaced Latin values (J o n a t h a n) detected on a closed-up view
    soft_wrap: bool = False   # deiden12: English values broken by a line break (extractors/deid/soft_wrap.py)
    # deiden13: category -> regexes of what follows a span that is no PHI of that category (Graves' disease: an eponym)
    not_phi_after: dict[str, list[str]] = Field(default_factory=dict)
    # deiden13: rules whose cue vouches for a short value (EMS unit M27): not_phi_shapes do not apply to them
    cued_shape_rules: list[str] = Field(default_factory=list)
    label_heads: LabelHeads | None = None   # session 14: a label's head decides its value's category
    # deidword14: category -> regexes of what follows a value that makes it a person's slot in a form (金秋，男，96岁):
    # a not_phi word there is a name all the same
    slot_after: dict[str, list[str]] = Field(default_factory=dict)
    slot_before: dict[str, list[str]] = Field(default_factory=dict)   # a name's own label before it (签名:)
    # deidword14: regexes matched right after an organisation span; their group v is a unit of it (…医院（安宁疗护团队）)
    org_units: list[str] = Field(default_factory=list)
    field_labels: FieldLabels | None = None   # session 17: field labels of any shape (extractors/deid/field_labels.py)
    # s18-orgword18: regexes a department span matches whole; such a span after an organisation that opens a title line
    # is no ORGANIZATION (PHI_GUIDELINE's decided point, extractors/deid/title_units.py)
    title_line_units: list[str] = Field(default_factory=list)
    org_event_heads: str = ""   # s18-orgword18: words of an event named after an organisation (Grand Rounds, Congress)
    markup_fields: bool = False   # deidword14: XML elements and attributes read as labelled fields (extractors/deid/markup.py)
    escaped_breaks: bool = False   # s19-loc19: values right after a line break written \\n (extractors/deid/escapes.py)

    def model_post_init(self, __context: object) -> None:
        used = [f.category for f in self.hl7_fields.values() if f.category] + [
            c for f in self.hl7_fields.values() for c in f.components if c] + list(self.column_labels) + (
            self.patient_propagation.categories if self.patient_propagation else []) + [c for c in self.dicom_tags.values() if c]
        bad = [c for c in self.patient_from + used if c not in PHI_CATEGORIES]
        if bad:
            raise ValueError(f"patient_from: unknown categories {bad}")


@lru_cache(maxsize=None)
def load_config(path: str | None = None) -> DeidConfig:
    """The packaged ``deid.yaml`` (or a user file)."""
    try:
        text = (open(path, encoding="utf-8").read() if path else
                resources.files("oncostruct.extractors.deid").joinpath("deid.yaml").read_text(encoding="utf-8"))
        return DeidConfig.model_validate(yaml.safe_load(text))
    except (OSError, yaml.YAMLError, ValidationError, ValueError) as exc:
        raise RulePackError(f"de-identification config {path or 'deid.yaml'}: {exc}") from None


def recognizers_path(config: DeidConfig) -> str:
    """Where the config's rule pack of recognizers lies (packaged beside deid.yaml)."""
    return str(resources.files("oncostruct.extractors.deid").joinpath(config.recognizers))
