"""PHI detection: the recognizer rule pack, checksum validators, the medical allow-list and overlap resolution.

:func:`detect` returns non-overlapping :class:`PhiSpan` in text order. Candidates come from every
recognizer (regexes in ``recognizers.yaml``; the named group ``v`` or ``v2`` is the value when present), from the
same recognizers run on table cells and keyed values read with their column label or key
(:mod:`extractors.deid.structured`), from HL7 v2 fields by position, from the LAC tagger and from English given
name + surname pairs (:mod:`extractors.deid.names`);
then cue words a span took in are cut (``left_trim``), ``validators`` adjust confidence (GB 11643 check digits), NAME / ORGANIZATION / ADDRESS spans
inside an allow-listed medical term (``allow_list`` and the terms of ``allow_lexicons``) are dropped (tagger spans
that merely overlap one too), English cue-words that are not names are cut, and
overlaps are resolved: a span contained in another is dropped (the containing span wins), and two
partially overlapping spans are merged into their union, keeping the longer one's category (when in
doubt, redact more). Then the bracket after a name becomes its department, and every value found with
confidence is looked for again elsewhere in the text (:mod:`extractors.deid.propagate`).
Round 7 (Chinese): the other members of a ``、`` list holding a name join it (:func:`zh_names.enumerated`), numbers
after labels that name a product or study (``cue_not_phi``) and drug batch numbers (``drug_lot_rules``) are dropped,
and hard-wrapped Chinese text is scanned once more with its wraps removed (:mod:`extractors.deid.wrapped`).
Session 8: a trained PHI tagger (:mod:`extractors.deid.model_tagger`, ``model_tagger`` in ``deid.yaml``) adds the
spans the rules missed, per-category thresholds, through the same vetoes (:meth:`PhiDetector.tagger_spans`).
Session 19: the span type and the list operations live in :mod:`extractors.deid.spans`, the not-PHI checks in
:mod:`extractors.deid.vetoes`.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Sequence

from oncostruct.extractors.deid.address_block import block_end, compile_block, stacked
from oncostruct.extractors.deid.address_chain import any_of, chained, compile_chain, keyed_runs
from oncostruct.extractors.deid.case_view import above_street, capitals_view, case_view, lower_orgs
from oncostruct.extractors.deid.checksums import gb11643_valid
from oncostruct.extractors.deid.conversion import dehyphenated, revision_view, vcard_spans
from oncostruct.extractors.deid.config import DeidConfig, load_config, recognizers_path
from oncostruct.extractors.deid.escapes import escape_view
from oncostruct.extractors.deid.intervals import Intervals, Overlapping, Points
from oncostruct.extractors.deid.label_heads import with_label_heads
from oncostruct.extractors.deid.machine_fields import (acronym_of, all_spans as machine_spans, beside_names, commented_header_view,
                                                    astm_headers, keyed_in_records)
from oncostruct.extractors.deid.markup import after_colon, markup_view
from oncostruct.extractors.deid.model_tagger import ModelTagger, SpanModel
from oncostruct.extractors.deid.names import PARTICLES, EnglishNames, romanised_zh, lower_words, relation_cut
from oncostruct.extractors.deid.ocr_digits import digit_view
from oncostruct.extractors.deid.spoken_digits import spoken_view
from oncostruct.extractors.deid.propagate import propagated
from oncostruct.extractors.deid.soft_wrap import soft_wrap_view
from oncostruct.extractors.deid.spans import Known, PhiSpan, fold_width, joined, resolve_overlaps, split_at_breaks
from oncostruct.extractors.deid.vetoes import (_EQUIPMENT_CATS, _SPAN_CATEGORIES_ALLOWED, NotPhiChecks, _cue_pattern,
                                             _drug_word, _line_after, _line_before)
from oncostruct.extractors.deid.spaced import despaced, despaced_latin, despaced_runs, mapped_back, spaced_share, unstacked
from oncostruct.extractors.deid.tails import address_tails, after_orgs, name_initials, org_acronyms, org_specific
from oncostruct.extractors.deid.title_units import department_cuts, department_drops, events
from oncostruct.extractors.deid.trie_pattern import trie_pattern
from oncostruct.extractors.deid.wrapped import unwrapped, wrap
from oncostruct.extractors.deid.field_labels import field_lexicon
from oncostruct.extractors.deid.structured import (dicom_spans, field_values, hl7_spans, label_index, labelled_matches,
                                                   labelled_values, normal_label, not_phi_cells, table_pairs)
from oncostruct.extractors.deid.tagger import tagged_names
from oncostruct.extractors.deid.zh_names import (completed, enumerated, role_compound, row_members, tibetan_names,
                                                word_surname_misfit, zh_names)
from oncostruct.extractors.rules import RuleMatch, RulePack, load_lexicon, load_pack

_VALUE_GROUPS = ("v", "v2")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")
_NUMBER = re.compile(r"\d{1,3}")
_GAP = re.compile(r"(?<![,，])[ \t]{2,}(?![,，])")   # a column's gap, not the spaces around a comma (SMITH ,  JOHN)
_AND_AFTER = re.compile(r"[ \t]{1,2}(?:and|or)[ \t]{1,2}(?P<v>[A-Z][a-z\u00DF-\u024F'’-]{2,20}(?:[ \t][A-Z]\.)?"
                        r"(?:[ \t](?:St\.[ \t]|(?:van|de|De|der|la|La|von|del)[ \t]){0,2}[A-Z][A-Za-z\u00DF-\u024F'’-]{2,20})?)(?![A-Za-z])")
_ONE_WORD = re.compile(r"[A-Z][a-z]{2,20}")   # s18-enprose18: a cued one-word name
_ROLE_ENDING = re.compile(r"(?:[^e]er|or|ist|ian|ant|ent|ee|ary)$")   # Commissioner, Juror, Principal's kin: role nouns
_PHRASE_GOES_ON = re.compile(r"[ ](?:[a-z]{3,}|[A-Z][a-z]{2,})(?![A-Za-z'’.-])(?![ \t]*(?:\n|$|,|:))")
_TITLE_BEFORE = re.compile(r"(?<![A-Za-z])(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Nurse)\.?[ \t]$")   # deiden12: dr. + one surname
_AND_BEFORE = re.compile(r"(?<![A-Za-z])(?P<v>[A-Z][a-z\u00DF-\u024F'’-]{2,20})[ \t]{1,2}(?:and|or)[ \t]{1,2}$")
_BRACKET = re.compile(r"[ \t]?[(（](?P<v>(?:[A-Z][A-Za-z&/-]{1,30}(?:[ \t](?:and |of |& )?[A-Z][A-Za-z&/-]{1,30}){0,4}|"
                      r"[\u4e00-\u9fa5]{1,10}(?:科|室|中心|病区|组)))(?:[，,、][^()（）\n]{1,12})?[)）]")  # deidorg9: （胃外科，主治医师）


class PhiDetector(NotPhiChecks):
    """Finds PHI spans with the packaged (or given) recognizers and config."""

    def __init__(self, config: DeidConfig | None = None, span_model: SpanModel | None = None) -> None:
        self.config = config or load_config()
        mt = self.config.model_tagger
        self._model_tagger = ModelTagger(mt, span_model) if mt is not None and mt.enabled else None
        self.pack: RulePack = with_label_heads(load_pack(recognizers_path(self.config)), self.config.label_heads)
        allow = sorted(set(self.config.allow_list) | _lexicon_terms(self.config.allow_lexicons), key=len, reverse=True)
        self._allow = re.compile(trie_pattern(allow)) if allow else None   # session 16: a trie, 3x faster, same matches
        self._not_name = set(self.config.en_not_name)
        self._title_heads = frozenset(self.config.en_title_heads)   # s21-prec35
        surname, end = (re.compile(p) if p else None for p in (self.pack.spec.definitions.get("surname"),
                                                               self.pack.spec.definitions.get("name_end")))
        tagger = self.config.tagger
        self._surname = surname if tagger and tagger.require_surname else None
        self._name_end = end if tagger and tagger.require_name_end else None
        self._zh_surname = surname if self.config.zh_names else None
        self._zh_name_end = end
        self._not_phi = {c: set(words) for c, words in self.config.not_phi.items()}
        self._not_phi_starts = {c: [w for w in self.config.not_phi.get(c, ()) if len(w) >= 2 and not w.isascii()]
                                for c in ("NAME", "ORGANIZATION")}
        self._zh_name_not = re.compile(f"[{re.escape(self.config.zh_name_not_chars)}]") if self.config.zh_name_not_chars else None
        self._zh_trailing = set(self.config.zh_name_trailing_chars)
        self._cue_not = {c: _cue_pattern(w) for c, w in self.config.cue_not_phi.items() if w}
        # deidzh13: the tagger's spans pass the Chinese cues only (机构编码：…); an English Ref: is a letter's reference.
        # s21-prec35: and the English cues of two words and more (Subject ID, Query ID, Request No.): a label that names
        # its paper so is as sure as a Chinese one; a lone word (Ref, Subject) stays the rules' only
        self._cue_not_zh = {c: _cue_pattern(ws) for c, w in self.config.cue_not_phi.items()
                            if (ws := [x for x in w if not x.isascii() or " " in x.strip()])}
        if "CONTACT" in self._cue_not:   # s19-conv19: a config's server / endpoint key vetoes the tagger's address too
            self._cue_not_zh["CONTACT"] = self._cue_not["CONTACT"]
        self._not_phi_runs = {c: re.compile("|".join(f"(?:{p})" for p in ps)) for c, ps in self.config.not_phi_runs.items() if ps}   # s18-hosp18
        self._not_phi_shapes = {c: re.compile("|".join(f"(?:{p})" for p in ps)) for c, ps in self.config.not_phi_shapes.items() if ps}
        self._slot_after = {c: re.compile("|".join(f"(?:{p})" for p in ps)) for c, ps in self.config.slot_after.items() if ps}
        self._slot_before = {c: re.compile("|".join(f"(?:{p})" for p in ps)) for c, ps in self.config.slot_before.items() if ps}
        self._org_units = [re.compile(p) for p in self.config.org_units]
        self._name_units = [re.compile(p) for p in self.config.name_units]
        self._not_after = {c: re.compile("|".join(f"(?:{p})" for p in ps)) for c, ps in self.config.not_phi_after.items() if ps}
        self._cued_shape_rules = set(self.config.cued_shape_rules)
        drug_words = sorted(set(self.config.drug_lot_context) | (_lexicon_terms(["drugs"]) if self.config.drug_lot_rules else set()),
                            key=len, reverse=True)
        self._drug_context = re.compile("|".join(map(_drug_word, drug_words))) if drug_words else None
        consumables = sorted(self.config.consumable_lot_context, key=len, reverse=True)
        self._consumable_context = re.compile("|".join(map(_drug_word, consumables))) if consumables else None
        equipment = sorted(self.config.facility_equipment_context, key=len, reverse=True)   # s18-hosp18
        self._equipment_context = re.compile("|".join(map(re.escape, equipment))) if equipment else None
        self._equipment_after = re.compile(self.config.facility_equipment_after) if self.config.facility_equipment_after else None
        codes = self.config.drug_code_after
        self._drug_code = re.compile("|".join(map(re.escape, codes))) if codes else None
        self._org_cut = [w for w in self.config.left_trim.get("ORGANIZATION", ()) if len(w) >= 2 and not w.isascii()]
        self._left_trim = {c: sorted(words, key=len, reverse=True) for c, words in self.config.left_trim.items()}
        self._names = EnglishNames(self.config.en_not_name)
        self._gazetteer_rules = set(self.config.gazetteer_rules)
        self._org_shape_rules = set(self.config.org_shape_rules)
        self._affiliation_not = {w.lower() for w in self.config.affiliation_not}
        self._credentials = set(self.config.credentials)
        self._column_labels = label_index(self.config.column_labels)
        fl = self.config.field_labels   # session 17: field labels of any shape; column_labels are keys too
        self._fields = field_lexicon(fl, self.config.column_labels) if fl else None
        self._field_shapes = {c: re.compile(p) for c, p in fl.values.items()} if fl else {}
        self._not_name_words = frozenset(self._names.not_name)
        self._not_values = frozenset(v.lower() for v in fl.not_values) if fl else frozenset()
        self._not_phi_columns = frozenset(map(normal_label, self.config.not_phi_columns))
        ends = "|".join(map(re.escape, self.config.label_suffixes))
        self._label_end = re.compile(f"(?:{ends})$") if ends else None
        heads = "|".join(map(re.escape, sorted(set(self.config.label_suffixes) | set(self.config.zh_label_heads), key=len, reverse=True)))
        self._zh_label_head = re.compile(f"(?:{heads})$") if heads else None   # s18-zh18
        self._own_spans = lru_cache(maxsize=128)(self._own_spans_uncached)
        self._join_gaps = {c: re.compile(g) for c, g in self.config.join_gaps.items()}
        self._tails = {c: [re.compile(t) for t in ts] for c, ts in
                       {"ADDRESS": self.config.address_tails, **self.config.span_tails}.items() if ts}   # deidorg9, 10
        ac = self.config.address_chain
        self._address_chain = compile_chain(ac.before, ac.after, ac.postcodes, ac.end,
                                            ac.keyed, ac.plain, ac.areas, ac.first) if ac is not None else None
        ab = self.config.address_block
        codes = any_of(ac.postcodes if ac is not None else ())
        self._address_block = compile_block(ab.place, block_end(ab.place, codes, ab.regions), ab.premise,
                                            ab.stop, ab.lines) if ab is not None else None
        self._org_starts = re.compile("|".join(f"(?:{p})" for p in self.config.org_starts)) if self.config.org_starts else None
        self._org_specific_rules = set(self.config.org_specific_rules)
        self._after_org_rules = set(self.config.after_org_rules)
        self._org_generic = {w.lower() for w in self.config.org_generic_words}
        self._org_acronym_not = set(self.config.org_acronym_not)
        spread = self.config.propagation.not_spread if self.config.propagation else {}
        self._not_spread = {c: re.compile("|".join(f"(?:{p})" for p in ps)) for c, ps in spread.items() if ps}
        self.zh_surname = surname   # the recognizers' Chinese surname pattern ({{surname}})
        province = self.pack.spec.definitions.get("zh_province")
        self._zh_province = re.compile(f"(?:{province})") if province else None
        self._clinical_initials = set((self.pack.spec.definitions.get("clinical_acronyms") or "").split("|"))
        self._not_acronyms = frozenset(self._org_acronym_not | self._clinical_initials)   # no organisation's initials
        units = self.config.title_line_units   # s18-orgword18: a title line's department is no organisation
        self._title_unit = re.compile("|".join(f"(?:{u})" for u in units)) if units else None
        self._event_head = re.compile(self.config.org_event_heads) if self.config.org_event_heads else None
        self._single_word_rules = set(self.config.name_single_word_rules)
        self._age_after_name = re.compile(self.config.age_after_name) if self.config.age_after_name else None

    def detect(self, text: str, language: str | None = None, known: Sequence[Known] = ()) -> list[PhiSpan]:
        """PHI spans of ``text``. Matching runs on the width-folded text (full-width forms and the ideographic
        space as ASCII, one character for one, so offsets hold); with ``language_specific`` off (the default)
        every recognizer runs, since clinical text mixes languages. ``known``: (value, category, confidence) found
        in the patient's other documents (:mod:`extractors.deid.patient`), looked for here too."""
        text = revision_view(text) or text   # s19-conv19: {--old--}{++new++}, [插入: …] read as the prose they stand in
        folded = fold_width(text)
        known = [(fold_width(v), c, conf) for v, c, conf in known]
        spans = self._detect_folded(folded, language, known)
        if self.config.spaced_cjk_min_share and spaced_share(text) >= self.config.spaced_cjk_min_share:
            view, offsets = despaced(text)
            view = fold_width(view)
            more = [replace(s, start=a, end=b, rule=f"{s.rule}+despaced")
                    for s in self._detect_folded(view, language, known)
                    for a, b in [mapped_back(s.start, s.end, offsets)]]
            spans = resolve_overlaps(spans + more)
        closed = [despaced_latin(text) if self.config.spaced_latin else None,  # deiden12: J o n a t h a n  P r e s c o t t
                  despaced_runs(text) if self.config.spaced_cjk_runs and self.config.spaced_cjk_min_share else None,  # deidzh13: 医 师：岑 路
                  # s18-wrap18: one character a line (a vertical stamp, a page turned 90°) read as one line
                  unstacked(text, self.config.stacked_min_run) if self.config.stacked_min_run else None,
                  dehyphenated(text)]   # s19-conv19: Dr. Hugo Abe-\nrnathy, S21-79-\n914 (PDF-to-text)
        for kind, found in enumerate(closed):
            if found is None:
                continue
            view, offsets, joints = found
            view, at = fold_width(view), Points(joints)
            more = [replace(s, start=a, end=b, rule=f"{s.rule}+despaced") for s in self._detect_folded(view, language)
                    if at.within(s.start + 1, s.end)
                    or (kind == 1 and any(_label_before(view, j, s.start) for j in at.between(s.start - 3, s.start)))
                    for a, b in [mapped_back(s.start, s.end, offsets)]]
            spans = resolve_overlaps(spans + more)
        wrapped = wrap(text, self.config.wrapped_min_lines) if self.config.wrapped_min_lines else None
        if wrapped is not None:
            view, offsets, joints = unwrapped(text, *wrapped)
            at = Points(joints)
            more = [replace(s, start=a, end=b, rule=f"{s.rule}+unwrapped") for s in self._detect_folded(fold_width(view), language)
                    if at.within(s.start + 1, s.end)  # only what crosses a removed break is new
                    for a, b in [mapped_back(s.start, s.end, offsets)]]
            spans = split_at_breaks(resolve_overlaps(spans + more), text)
        return spans

    def _detect_folded(self, folded: str, language: str | None, known: Sequence[Known] = ()) -> list[PhiSpan]:
        """PHI spans of the width-folded text: the document's own spans (cached: a patient's documents are
        detected twice), then every value found is looked for again, with the patient's ``known`` values."""
        lang = language if self.config.language_specific and language in ("zh", "en") else None
        spans = list(self._own_spans(folded, lang))  # keyed by the language that matters: a bare detect() serves too
        if self.config.propagation is not None:
            spans = self._propagated(spans, folded, known)
        return [s for s in spans if not (s.category == "NAME" and self._label_cell(folded, s.start, s.end))]

    def _zh_label(self, value: str) -> bool:
        """Whether a Chinese value reads as a field label (s18-zh18): its last ``/`` part (监护人/代理人, 门诊/住院号), spaces
        out (就 诊 序 号), is a field key or a column label, holds a label's ``not`` word (诊断), or ends with a label's
        head (``label_suffixes``, ``zh_label_heads``: 代办人, 学籍号, 家长电话, 出生年月, 停车车牌)."""
        word = re.sub(r"[ \t\u3000]", "", value).rpartition("/")[2].strip(_LABEL_EDGES)
        if len(word) < 2 or not _ZH_WORD.fullmatch(word):
            return False
        if self._zh_label_head is not None and self._zh_label_head.search(word):
            return True
        if normal_label(word) in self._column_labels:
            return True
        return self._fields is not None and (self._fields.category(word) is not None or self._fields.is_not_label(word))

    def _label_cell(self, text: str, start: int, end: int) -> bool:
        """A Chinese NAME span that is a label standing as a cell: a line's start, a gap, a pipe or a tab before it, a
        gap, a colon, a pipe, a tab or the line's end after it (出生日期  1930年…, ｜车牌｜)."""
        if start >= end or text[start].isascii() or not self._zh_label(text[start:end]):
            return False
        before = text[max(0, start - 2):start]
        after = text[end:end + 2]
        return ((start == 0 or before[-1:] in "\n\t|｜" or before == "  " or before[-1:] == "\u3000")
                and (end == len(text) or after[:1] in "\n\t|｜:：\u3000" or after == "  "))

    def _own_spans_uncached(self, folded: str, lang: str | None) -> list[PhiSpan]:
        """The spans that the recognizers, the tagger and the name lists find, before propagation: candidates from
        the patterns (over the text and its views), from machine strings, from fields and tables, and from the name
        finders; then the vetoes, overlap resolution, the passes that find spans from the ones found, and the
        organisation passes (title lines' departments, events)."""
        lower = lower_words(folded)
        cands = self._pattern_candidates(folded, lang, lower)
        cands += self._view_spans(folded, lang)
        cands += self._machine_candidates(folded, lang, lower)
        # an HL7 field or a DICOM tag decides: its value is that PHI, or (a message id, a time, a code: category "") none
        cands = _decided(cands, [(a, b, "" if folded[a:b] in self._not_phi.get(cat, ()) else cat)  # prec18: ^^^MRN^MR
                                 for a, b, cat in hl7_spans(folded, self.config.hl7_fields)], "deid.hl7")
        cands = _decided(cands, list(dicom_spans(folded, self.config.dicom_tags, self.config.dicom_not_phi_vr)), "deid.dicom")
        cands += self._field_candidates(folded)
        cands += self._name_candidates(folded)
        if self.config.machine_fields and (headers := astm_headers(folded)):   # s20-mach30: an ASTM H record's systems
            cands = [c for c in cands if c.category != "NAME" or not any(a <= c.start and c.end <= b for a, b in headers)]
        cands = self._context_out(cands, folded)
        held = [c for c in cands if c.rule in self._after_org_rules]  # deidorg11: kept only after an organisation
        spans = resolve_overlaps(self._allowed_out([c for c in cands if c.rule not in self._after_org_rules], folded))
        spans = self._found_from_found(spans, folded, lower)
        spans = split_at_breaks(self._grown(spans, folded, held), folded)
        return self._titles_out(self._organisations_settled(spans, folded), folded)

    def _titles_out(self, spans: list[PhiSpan], text: str) -> list[PhiSpan]:
        """s21-prec35: what the passes that find spans from found ones (a coordinated name, a bracket after a name, an
        organisation in lower case) add is judged as the rules' spans are: an English NAME whose last word heads a title
        (``en_title_heads``: Marker Kinetics and Late Relapse) and an ORGANIZATION that is a ``not_phi`` word (a
        study's Full Analysis Set, a representative's (LAR), an outside hospital) are dropped."""
        not_org = self._not_phi.get("ORGANIZATION", ())
        out = []
        for s in spans:
            if s.category == "NAME" and self._title_heads and text[s.start:s.start + 1].isascii():
                words = text[s.start:s.end].split()
                if words and _bare(words[-1].strip(",;:")) in self._title_heads:
                    continue
            if s.category == "ORGANIZATION" and s.rule in _FOUND_ORG_RULES and text[s.start:s.end] in not_org:
                continue
            out.append(s)
        return out

    def _pattern_candidates(self, folded: str, lang: str | None, lower: str) -> list[PhiSpan]:
        """The recognizers' matches over the text and over its views (OCR digits, spoken digits, labelled tables,
        escaped breaks, markup fields), less field labels and the cells of not-PHI columns."""
        matches = self.pack.finditer(folded, lang)
        views = [digit_view(folded) if self.config.ocr_digits else None,  # deidname10: OCR's 13l5282O277
                 spoken_view(folded) if self.config.spoken_digits else None]  # phi10rev: a transcript's 幺三八…
        for view in views:  # a number read with its letters or spoken digits as digits; only what covers a change
            if view is not None:
                digits, changed = view
                at = Points(changed)
                matches += [m for m in self.pack.finditer(digits, lang) if at.within(*_value_span(m))]
        if self.config.structured:
            matches += list(labelled_matches(self.pack, folded, lang))
        escaped = escape_view(folded) if self.config.escaped_breaks else None
        if escaped is not None:  # s19-loc19: MRN 1234\nJane Roe (wife): a value right after an escaped line break
            view, starts = escaped
            at = set(starts)
            matches += [m for m in self.pack.finditer(view, lang) if _value_span(m)[0] in at]
        marked = markup_view(folded) if self.config.markup_fields else None
        if marked is not None:  # deidword14: <编码员>X</编码员>, 术者="X" read as 编码员：X
            view, colons = marked
            matches += [m for m in self.pack.finditer(view, lang) if after_colon(_value_span(m)[0], colons, view)]
        cands = self._labels_out([s for m in matches if (s := self._span(m, folded, lower)) is not None], folded)
        if self._not_phi_columns:  # deidname10: an item code's or a job id's cell holds no PHI
            cells = Intervals(not_phi_cells(folded, self._not_phi_columns))
            cands = [c for c in cands if not cells.holds(c.start, c.end)]
        return cands

    def _machine_candidates(self, folded: str, lang: str | None, lower: str) -> list[PhiSpan]:
        """Spans of machine strings: vCards, and (``machine_fields``, s20-mach30) file names, label-printer and pipe
        fields, keyed records and a header row written as a comment above headerless rows."""
        cands = [PhiSpan(a, b, cat, 0.9, "deid.vcard") for a, b, cat in vcard_spans(folded)]   # s19-conv19
        if not self.config.machine_fields:
            return cands
        syllables, zh_surnames = romanised_zh()
        cands += [PhiSpan(a, b, cat, 0.85, "deid.machine_field") for a, b, cat in
                  machine_spans(folded, self._names.given, self._names.surname, syllables, zh_surnames,
                                self._names.not_name)]
        cands += [PhiSpan(a, b, cat, 0.85, "deid.column_label") for k, a, b in keyed_in_records(folded)
                  if (cat := self._column_labels.get(normal_label(k))) and cat != "AGE"
                  and (cat != "RECORD_NUMBER" or any(ch.isdigit() for ch in folded[a:b]))]
        uncommented = commented_header_view(folded) if self.config.structured else None
        if uncommented is not None:   # a header row written as a comment above headerless rows
            cands += [s for m in labelled_matches(self.pack, uncommented, lang)
                      if (s := self._span(m, uncommented, lower)) is not None]
            cands += [PhiSpan(a, b, cat, 0.9, "deid.column_label") for a, b, cat in
                      labelled_values(uncommented, self._column_labels, self.config.column_age_min)
                      if cat != "RECORD_NUMBER" or any(ch.isdigit() for ch in uncommented[a:b])]
        return cands

    def _field_candidates(self, folded: str) -> list[PhiSpan]:
        """Values under column labels (``structured``) and after field labels (``field_labels``)."""
        cands: list[PhiSpan] = []
        pairs = table_pairs(folded) if self.config.structured or self._fields is not None else None
        if self.config.structured:
            cands += [PhiSpan(a, b, cat, 0.9, "deid.column_label") for a, b, cat in
                      labelled_values(folded, self._column_labels, self.config.column_age_min, pairs=pairs)
                      if cat != "RECORD_NUMBER" or any(ch.isdigit() for ch in folded[a:b])]   # s19-loc19: a drifting column's words (a procedure under MRN) are no number
        if self._fields is not None:
            cands += [PhiSpan(a, b, cat, self.config.field_labels.confidence, "deid.field_label") for a, b, cat in  # type: ignore[union-attr]
                      field_values(folded, self._fields, self._field_shapes, self._not_name_words,
                                   self.config.column_age_min, self._not_values, pairs=pairs)
                      if not (cat == "NAME" and not folded[a].isascii() and not self._zh_field_name(folded, a, b))]
        return cands

    def _name_candidates(self, folded: str) -> list[PhiSpan]:
        """Names without a cue: the LAC tagger's, English given-name and surname pairs, initials, romanised Chinese
        names, Chinese names in prose and Tibetan names."""
        cands: list[PhiSpan] = []
        if self.config.tagger is not None:
            t = self.config.tagger
            tagged = [(a, b, cat) for a, b, cat in tagged_names(folded, t, self._surname)
                      if not self._not_phi_word(folded, a, b, cat)
                      and not (cat == "NAME" and self._zh_name_not and self._zh_name_not.search(folded, a, b))
                      and not (cat == "NAME" and word_surname_misfit(folded, a, b, self._zh_surname))
                      and (self._name_end is None or self._name_end.match(folded, b))]
            cands += [PhiSpan(a, b, cat, t.confidence, f"tagger.{t.name}") for a, b, cat in tagged]
        if self.config.en_names:
            cands += [PhiSpan(a, b, "NAME", 0.75, "deid.en_name_pair") for a, b in
                      self._names.name_pairs(folded, relaxed=True)]
            cands += [PhiSpan(a, b, "NAME", 0.75, "deid.en_initials") for a, b in self._names.initials(folded)]
            cands += [PhiSpan(a, b, "NAME", 0.75, "deid.en_romanised_zh") for a, b in self._names.romanised_chinese(folded)]
        if self._zh_surname is not None:
            cands += [PhiSpan(a, b, "NAME", 0.7, "deid.zh_name_prose") for a, b in
                      zh_names(folded, self._zh_surname, self._zh_name_end)
                      if not self._not_phi_word(folded, a, b, "NAME")]
            cands += [PhiSpan(a, b, "NAME", 0.7, "deid.zh_name_tibetan") for a, b in
                      tibetan_names(folded, self._zh_name_end)]
        return cands

    def _found_from_found(self, spans: list[PhiSpan], folded: str, lower: str) -> list[PhiSpan]:
        """Spans found from the resolved ones: affiliations after names, organisations' units, coordinated names,
        enumerated Chinese names, the trained tagger's spans, and Chinese names completed by their last character."""
        if self.config.affiliation_after_name:
            spans = resolve_overlaps(spans + list(self._affiliations(spans, folded)))
        if self._org_units:
            spans = resolve_overlaps(spans + self._units(spans, folded))
        if self.config.en_names:
            spans = resolve_overlaps(spans + list(self._coordinated(spans, folded, lower)))
        if self._zh_surname is not None:
            spans = resolve_overlaps(spans + self._allowed_out(self._enumerated(spans, folded), folded))
        if self._model_tagger is not None:
            spans = resolve_overlaps(spans + self.tagger_spans(spans, folded))
        if self._zh_surname is not None:  # deidword14: 石淑 of 石淑和 女 63岁 takes its given name's last character
            spans = resolve_overlaps([replace(s, end=completed(folded, s.start, s.end, self._zh_surname))
                                      if s.category == "NAME" and not folded[s.start:s.start + 1].isascii() else s
                                      for s in spans])
        return spans

    def _organisations_settled(self, spans: list[PhiSpan], folded: str) -> list[PhiSpan]:
        """A title line's or a field's department cut from (or dropped as) an organisation, events named after an
        organisation dropped, then spans joined across their category's gaps."""
        if self._title_unit is not None:   # s18-orgword18: before joining (an organisation - its department stay apart)
            triples = [(s.start, s.end, s.category) for s in spans]
            cut = department_cuts(triples, folded, self._title_unit)   # s19-prec19, s19-org27
            spans = [replace(s, end=cut[(s.start, s.end)]) if s.category == "ORGANIZATION" and (s.start, s.end) in cut
                     else s for s in spans]
            triples = [(s.start, s.end, s.category) for s in spans]
            drop = department_drops(triples, folded, self._title_unit)   # title lines, letterheads, fields (s19-org27)
            spans = [s for s in spans if (s.start, s.end) not in drop or s.category != "ORGANIZATION"]
        if self._event_head is not None:   # s18-orgword18: Grand Rounds, a society's Annual Congress
            drop = events([(s.start, s.end, s.category) for s in spans], folded, self._event_head)
            spans = [s for s in spans if (s.start, s.end) not in drop or s.category != "ORGANIZATION"]
        return joined(spans, folded, self._join_gaps) if self._join_gaps else spans

    def _grown(self, spans: list[PhiSpan], text: str, held: Sequence[PhiSpan] = ()) -> list[PhiSpan]:
        """Address spans extended over the building / unit / room parts right after them (dates over the time after
        them, organisations over a glued department: ``span_tails``), abbreviations that an
        organisation span defines in brackets redacted wherever they occur (:mod:`extractors.deid.tails`), and the
        ``held`` spans (``after_org_rules``) that follow an organisation span."""
        for category, tails in self._tails.items():
            ends = {(a, b): c for a, b, c in address_tails([(s.start, s.end) for s in spans if s.category == category],
                                                           text, tails)}
            if ends:
                spans = resolve_overlaps([replace(s, end=ends[(s.start, s.end)])
                                          if s.category == category and (s.start, s.end) in ends else s for s in spans])
        if self._address_chain is not None:  # orgaddr15: the unit before the street, the town and postcode after it
            runs = [PhiSpan(a, b, "ADDRESS", 0.8, "deid.address_keyed_parts")   # orgaddr16: no street at all
                    for a, b in keyed_runs(text, self._address_chain)]
            if runs:
                spans = resolve_overlaps(spans + runs)
            grown = {(a, b): (c, d) for a, b, c, d in
                     chained([(s.start, s.end) for s in spans if s.category == "ADDRESS"], text, self._address_chain)}
            if grown:
                spans = resolve_overlaps([replace(s, start=grown[(s.start, s.end)][0], end=grown[(s.start, s.end)][1])
                                          if s.category == "ADDRESS" and (s.start, s.end) in grown else s for s in spans])
        if self._address_block is not None:  # en17: the premise line above the street, the town lines under it
            lines = [PhiSpan(a, b, "ADDRESS", 0.75, "deid.address_block") for a, b in
                     {*stacked([(s.start, s.end) for s in spans if s.category == "ADDRESS"], text, self._address_block)}]
            if lines:
                spans = resolve_overlaps(spans + lines)
        if held:
            orgs = [(s.start, s.end) for s in spans if s.category == "ORGANIZATION"]
            starts = after_orgs(orgs, [h.start for h in held], text)
            towns = [h for h in held if h.start in starts]
            # orgaddr15: an English organisation and its branch town after a comma are one span (the guideline's "the
            # name with its campus or branch town": Lakeside Hospital, Tacoma); a bracketed one keeps its own
            branch = {h.start: h for h in towns if text[h.start - 2:h.start] == ", "}
            spans = resolve_overlaps(spans + [h for h in towns if h.start not in branch]
                                     + [replace(s, end=branch[e + 2].end) for s in spans if s.category == "ORGANIZATION"
                                        and (e := s.end) + 2 in branch and text[e:e + 2] == ", "])
        if self.config.org_acronym_definitions:
            more = [PhiSpan(a, b, "ORGANIZATION", 0.8, "deid.org_acronym") for a, b in
                    org_acronyms([(s.start, s.end) for s in spans if s.category == "ORGANIZATION"], text,
                                 self._org_acronym_not)]
            if more:
                spans = resolve_overlaps(spans + more)
        if self._age_after_name is not None:  # s18-enprose18: Name, 96, passed away
            more = [PhiSpan(m.start("v"), m.end("v"), "AGE", 0.85, "deid.age_after_name") for s in spans
                    if s.category == "NAME" and (m := self._age_after_name.match(text, s.end)) is not None]
            if more:
                spans = resolve_overlaps(spans + more)
        if self.config.name_initial_definitions:  # deiden12: a legend's "ZQ = Zebulon Quarrington"
            more = [PhiSpan(a, b, "NAME", 0.8, "deid.name_initials") for a, b in
                    name_initials([(s.start, s.end) for s in spans if s.category == "NAME"], text,
                                  self._org_acronym_not | self._clinical_initials)]
            if more:
                spans = resolve_overlaps(spans + more)
        return spans

    def tagger_spans(self, spans: list[PhiSpan], text: str) -> list[PhiSpan]:
        """The trained tagger's spans that the rules' vetoes let through (not_phi, a drug's lot, chat particles,
        English non-name words and acronyms, table header labels, and any overlap with an allow-listed medical term), and
        that the rules did not bound otherwise: with ``overlap: rules`` a tagger span that partly overlaps a rule
        span is dropped; one that contains rule spans stays (the containing span wins), unless it contains a name,
        organisation or address span of its own category (青山区实验小学 + 任教: the rules' word bounds stand)."""
        if self._model_tagger is None:
            return []
        out = []
        vetoed_cells = Intervals(not_phi_cells(text, self._not_phi_columns))
        for a, b, cat, conf in self._model_tagger.spans(text):
            if self._not_phi_word(text, a, b, cat):
                continue
            if self._product_number(cat, text, a):
                continue
            if cat in _EQUIPMENT_CATS and self._equipment_marked(text, a, b, 24):
                continue  # s18-hosp18: system S/N 1234567 (facility equipment), camera body serial 1234567
            if self._in_not_phi_run(cat, text, a, b):
                continue  # s18-hosp18: a blood unit's donation number (W1234 23 123456)
            if vetoed_cells.holds(a, b):  # deidzh13: the rules' column veto (批号)
                continue
            if (shapes := self._not_phi_shapes.get(cat)) is not None and shapes.fullmatch(text, a, b):
                continue  # s18-numloc18: the rules' safe whole-value shapes (a DOI is no contact, T3N2M0 no record)
            if cat == "AGE" and (n := _NUMBER.findall(text, a, b)) and max(map(int, n)) < self.config.column_age_min:
                continue  # 49岁: only ages over 89 are PHI (HIPAA), whatever the tagger thinks
            if cat == "NAME":
                if self._zh_name_not and not text[a:a + 1].isascii() and self._zh_name_not.search(text, a, b):
                    continue
                if text[a:a + 1].isascii():
                    bounds = self._trim_english_name(text, a, b)
                    if bounds is None or _ACRONYM.fullmatch(text[bounds[0]:bounds[1]]):
                        continue
                    a, b = bounds
            out.append(PhiSpan(a, b, cat, conf, "tagger.model"))
        out = self._allowed_out(self._labels_out(self._context_out(out, text, self._cue_not_zh), text), text)
        if self._model_tagger.settings.overlap == "rules":  # deidtagger12: and the rules' bounds of their own category
            # session 14: a tagger span with a rule span's own bounds adds nothing and would lend that span its
            # confidence (a resident ID whose check digit fails stays at the validator's lower confidence); nor does
            # one holding a surer rule span of another category win over it (a low PHONE across a table's
            # `97 & M31415926` leaves the rules' AGE and RECORD_NUMBER)
            near = Overlapping(spans)   # session 16: only the rule spans a tagger span overlaps, not every one
            out = [t for t in out if all(t.start <= s.start and s.end <= t.end and not _own_words(s, t)
                                         and (s.start, s.end) != (t.start, t.end) and not _outranked(s, t)
                                         for s in near.of(t.start, t.end))]
        return out


    def _propagated(self, spans: list[PhiSpan], folded: str, known: Sequence[Known]) -> list[PhiSpan]:
        """``spans`` with every other occurrence of their values (and of the patient's ``known`` values)."""
        settings = self.config.propagation
        assert settings is not None
        found = [(folded[s.start:s.end], s.category, s.confidence) for s in spans
                 if s.confidence >= settings.min_confidence and self._spreadable(folded[s.start:s.end], s.category)]
        more = [PhiSpan(a, b, cat, 0.8, "deid.propagated") for a, b, cat in
                propagated(folded, found, settings, self._names, self._not_acronyms)]
        if known and self.config.patient_propagation is not None:
            wider = settings.model_copy(update={"categories": self.config.patient_propagation.categories})
            more += [PhiSpan(a, b, cat, 0.8, "deid.patient_propagated") for a, b, cat in
                     propagated(folded, [k for k in known if self._spreadable(k[0], k[1])], wider, self._names,
                                self._not_acronyms)]
        if self.config.machine_fields:   # s20-mach30: an acronym that spells an organisation found here or before
            orgs = {folded[s.start:s.end] for s in spans if s.category == "ORGANIZATION"}
            orgs |= {v for v, c, _ in known if c == "ORGANIZATION"}
            more += [PhiSpan(a, b, "ORGANIZATION", 0.8, "deid.org_acronym_spelled") for a, b in
                     acronym_of(folded, orgs, self._org_acronym_not)]
        taken = bytearray(len(folded))
        for s in spans:
            taken[s.start:s.end] = b"\x01" * (s.end - s.start)
        more = [m for m in more if not any(taken[m.start:m.end])]
        spans = resolve_overlaps(spans + self._allowed_out(more, folded))
        if self.config.machine_fields:   # s20-mach30: the accession and the initials written beside a name found
            beside = [PhiSpan(a, b, cat, 0.8, "deid.beside_name") for a, b, cat in
                      beside_names(folded, [(s.start, s.end) for s in spans if s.category == "NAME"])]
            if beside:
                spans = resolve_overlaps(spans + self._allowed_out(beside, folded))
        return spans

    def _spreadable(self, value: str, category: str) -> bool:
        """Whether a found value may be looked for elsewhere: not of a ``propagation.not_spread`` shape, and an
        English organisation only of two words or more, not in capitals, with one outside ``org_generic_words``
        (branch deidorg10)."""
        shape = self._not_spread.get(category)
        if shape is not None and shape.fullmatch(" ".join(value.split())):
            return False
        if category != "ORGANIZATION" or not value.isascii():
            return True
        words = value.split()  # a Latin name of one word or in capitals is too often a heading (BIOPSY) to spread
        return len(words) >= 2 and not value.isupper() and org_specific(value, self._org_generic)

    def _view_spans(self, text: str, lang: str | None) -> list[PhiSpan]:
        """Spans found on two views of the same length (branch deiden12): names in lower case after a cue written
        capitalised (:mod:`extractors.deid.case_view`; NAME spans over a changed word that look like names), address
        blocks in capitals written capitalised (ADDRESS spans over a changed word), and
        line breaks inside a value read as spaces (:mod:`extractors.deid.soft_wrap`; any span across a break)."""
        cv = self.config.case_view
        views = [("case", case_view(text, self._names, cv.cues, cv.not_after) if cv is not None else None),
                 ("caps", capitals_view(text) if cv is not None else None),
                 ("wrap", soft_wrap_view(text) if self.config.soft_wrap else None)]
        out: list[PhiSpan] = []
        for kind, found in views:
            if found is None:
                continue
            view, changed = found
            lower = lower_words(view)

            at = Points(changed)

            def over(a: int, b: int) -> bool:
                return at.within(a, b) if kind == "case" else at.within(a + 1, b - 1)

            wanted = {"case": ("NAME",), "caps": ("ADDRESS",)}.get(kind)
            spans = [s for m in self.pack.finditer(view, lang) if (wanted is None or m.label in wanted)
                     and over(*_value_span(m)) and (s := self._span(m, view, lower)) is not None]
            if kind == "case" and self.config.en_names:  # phi12rev: a known given name and surname after a cue (note on orla ashworth)
                cues = {c.lower() for c in cv.cues}
                spans += [PhiSpan(a, b, "NAME", 0.75, "deid.en_name_pair") for a, b in self._names.name_pairs(view, True)
                          if text[a:b].split()[0].lower() not in cues]   # "my son felix": the cue is no given name
            if kind == "caps" and self.config.en_names:  # the addressee's name on the line above the street
                spans += [PhiSpan(a, b, "NAME", 0.75, "deid.en_name_pair") for a, b in self._names.name_pairs(view, True)
                          if above_street(text, b)]
            out += [replace(s, rule=f"{s.rule}+{kind}") for s in spans if over(s.start, s.end) and (
                kind != "case" or (s.category == "NAME" and (self._names.plausible(view[s.start:s.end])
                                                             or self._names.shaped(view[s.start:s.end], lower)
                                                             or _TITLE_BEFORE.search(view, max(0, s.start - 9), s.start))))]
        if cv is not None:  # prec15: the relation word a cue took in is no part of the name (my husband Robert)
            out = [s for s in (replace(s, start=relation_cut(text, s.start, s.end, cv.cues)) if s.category == "NAME" else s
                               for s in out) if s.end > s.start]
        if cv is not None:  # phi12rev: an organisation in lower case (at greywater bend hospital)
            out += [PhiSpan(a, b, "ORGANIZATION", 0.75, "deid.org_en_lower") for a, b in
                    lower_orgs(text, cv.org_cues, cv.org_suffixes, cv.not_after, self._org_generic)]
        return out

    def _coordinated(self, spans: list[PhiSpan], text: str, lower: set[str]) -> list[PhiSpan]:
        """``Kwame and Rosalind``, ``Smith or Jones``: a capitalised word joined to an English name by and / or
        is a name too, unless it is a known non-name or written in lower case elsewhere in the document."""
        out = []
        for s in spans:
            if s.category != "NAME" or not text[s.start:s.start + 1].isascii():
                continue
            for m in (_AND_AFTER.match(text, s.end), _AND_BEFORE.search(text, max(0, s.start - 40), s.start)):
                if m and all(w.lower() not in self._names.not_name and w.lower() not in lower
                             for w in m.group("v").split() if len(w.rstrip(".")) > 2):
                    out.append(PhiSpan(m.start("v"), m.end("v"), "NAME", 0.7, "deid.name_coordinated"))
        return out

    def _enumerated(self, spans: list[PhiSpan], text: str) -> list[PhiSpan]:
        """The other members of a ``、`` list that holds a Chinese name (:func:`zh_names.enumerated`), and the other
        values of a row of label-value pairs that holds one (:func:`zh_names.row_members`, deidword14)."""
        names = [(s.start, s.end) for s in spans if s.category == "NAME" and not text[s.start:s.start + 1].isascii()]
        not_name = self._not_phi.get("NAME", ())
        found = [(a, b, "deid.zh_name_enumerated") for a, b in enumerated(text, names, self._zh_surname)]  # type: ignore[arg-type]
        found += [(a, b, "deid.zh_name_row") for a, b in row_members(text, names, self._zh_surname)  # type: ignore[arg-type]
                  if not (self._zh_province and self._zh_province.match(text, a))]   # 籍贯 江苏: a place
        return [PhiSpan(a, b, "NAME", 0.7, rule) for a, b, rule in found if text[a:b] not in not_name
                and not (self._zh_name_not and self._zh_name_not.search(text, a, b))]

    def _affiliations(self, spans: list[PhiSpan], text: str) -> list[PhiSpan]:
        """The bracket right after a name (``April Lee (Thoracic Surgery)``, ``韩和平（胃肠外科）``) is the
        person's department unless it is a relation, a credential or a number; so is a department that ends the
        signature's line after the name (``name_units``: ``Ivy Hart, MD, Thoracic Oncology``)."""
        out = []
        for s in spans:
            if s.category != "NAME":
                continue
            m = _BRACKET.match(text, s.end)
            if m and m.group("v").strip().lower() not in self._affiliation_not and not any(
                    w.lower() in self._affiliation_not for w in re.findall(r"[A-Za-z]+", m.group("v"))) \
                    and text[:m.start()].rsplit(None, 1)[-1].rstrip(",") not in self._credentials:
                out.append(PhiSpan(m.start("v"), m.end("v"), "ORGANIZATION", 0.7, "deid.affiliation"))
            out += [PhiSpan(u.start("v"), u.end("v"), "ORGANIZATION", 0.7, "deid.name_unit")
                    for unit in self._name_units if (u := unit.match(text, s.end))
                    and not all(w in self._credentials or w.lower() in self._affiliation_not
                                for w in u.group("v").split())]   # en17: MD FRCPI is no unit
        return out

    def _units(self, spans: list[PhiSpan], text: str) -> list[PhiSpan]:
        """A unit written right after an organisation span (``org_units``: a hospital's team in brackets, a clinic's
        office after two spaces, a laboratory's branch town after a dash): branch deidword14. Their confidence stays
        under propagation's, so that a unit's name (随访中心) is not looked for elsewhere."""
        return [PhiSpan(m.start("v"), m.end("v"), "ORGANIZATION", 0.65, "deid.org_unit") for s in spans
                if s.category == "ORGANIZATION" for unit in self._org_units if (m := unit.match(text, s.end))]

    def _common_word_name(self, text: str, start: int, end: int) -> bool:
        """s18-enprose18: a cued one-word span outside the name lists that reads as a common noun, not a name: a
        role noun's ending (Commissioner, Juror, Coordinator) or the head of a phrase that goes on with another
        word (Juror summons, School Nurse); a cue such as To:, Re: or Dear takes any capitalised word."""
        word = text[start:end]
        if not _ONE_WORD.fullmatch(word) or word in self._names.given or word in self._names.surname:
            return False
        return bool(_ROLE_ENDING.search(word) or _PHRASE_GOES_ON.match(text, end))

    def _span(self, m: RuleMatch, text: str, lower: set[str] = frozenset()) -> PhiSpan | None:  # type: ignore[assignment]
        start, end = _value_span(m)
        confidence = m.reliability
        check = self.config.validators.get(m.rule_id)
        if check is not None and check.check == "gb11643" and not gb11643_valid(text[start:end]):
            confidence = check.failed_confidence
        if self._not_phi_word(text, start, end, m.label):
            return None
        shapes = self._not_phi_shapes.get(m.label)
        if shapes is not None and m.rule_id not in self._cued_shape_rules and shapes.fullmatch(text, start, end):  # T3N2M0
            return None
        cue_not = self._cue_not.get(m.label)
        if cue_not is not None and cue_not.search(text, max(0, start - 24), start):  # 导管型号：4Fr, 方案编号：JS001 (prec15: 24, TAX I.D. NUMBER:)
            return None
        if m.rule_id in self.config.consumable_lot_rules and (_line_before(self._consumable_context, text, start)
                                                              or _line_after(self._drug_code, text, end)):
            return None   # prec15: Bag lot 24308A, 留置针 批号：C2350012, Lot HY83 Exp 05/2026 NDC 12345-678-90
        if m.rule_id in self.config.drug_lot_rules and self._drug_batch(m.label, text, start):  # 奥沙利铂（批号 K123）
            return None
        if self._facility_equipment(m, text, start, end):   # s18-hosp18: 工作站 序列号：H123（院内设备）, Logger SN T1
            return None
        if self._in_not_phi_run(m.label, text, start, end):   # s18-hosp18: W1234 in W1234 23 123456, a unit's DIN
            return None
        if any(text.startswith(w, start) for w in self._not_phi_starts.get(m.label, ())) and not self._slot(m.label, text, end, start):
            return None   # 查房记(录), 上级医院胸外科
        if m.label == "NAME" and self._zh_name_not and self._zh_name_not.search(text, start, end):  # 查了, 那就这样
            return None
        if m.rule_id in self.config.name_not_after_latin_rules and _LATIN_GLUED.search(text, max(0, start - 2), start):
            return None   # s19-conv19: 【Word文档导出·含修订】, [OCR识别·手写表单]: a heading glued to a program's name
        if m.label == "NAME" and text[start:start + 1].isascii() and m.rule_id not in self.config.initials_rules:
            bounds = self._trim_english_name(text, start, end)
            if bounds is None:
                return None
            start, end = bounds
            if self.config.case_view is not None:  # prec15: nephew Takeshi Roberts (61 y) names Takeshi Roberts
                start = relation_cut(text, start, end, self.config.case_view.cues)
                if start >= end:
                    return None
            if m.rule_id in self._gazetteer_rules and not (self._names.plausible(text[start:end])
                                                           or self._names.shaped(text[start:end], lower)):
                return None
            if m.rule_id in self._single_word_rules and self._common_word_name(text, start, end):
                return None  # s18-enprose18: "Dear Commissioner,", "Re: Juror summons", "To: School Nurse"
            if _ACRONYM.fullmatch(text[start:end]) and m.rule_id not in self.config.name_field_rules:
                return None  # "Patient was DNR", "by EP": an acronym, not a name (phi12rev: "given name: ODILE" is one)
        if m.rule_id in self._org_shape_rules and not self._org_shaped(text[start:end], lower):
            return None
        if m.rule_id in self._org_specific_rules and not (org_specific(text[start:end], self._org_generic)
                                                          and self._org_shaped(text[start:end], lower)):
            return None  # deidorg9: "Oncology Clinic", "The Cancer Center" name a kind of place, not one
        trimmed = True
        while trimmed:  # orgaddr15: an organisation's cue words may stack (她在 + 等 + 某某药房)
            trimmed = False
            for word in self._left_trim.get(m.label, ()):
                if text.startswith(word, start) and end - start > len(word) + 1:
                    if m.label == "NAME" and not (self._zh_surname is not None and self._zh_surname.match(text, start + len(word))
                                                  and not text.startswith(word, start + len(word))
                                                  or any(c in "·•・" for c in text[start:end])):
                        continue  # 向尹鹏 is 向 + a name; 向晓东 and 向向阳 are one
                    start += len(word)
                    trimmed = m.label == "ORGANIZATION"
                    break
        if m.label == "ORGANIZATION":  # 建议委托东湖司法鉴定中心: a verb of two characters or more inside the span
            start = max([start] + [k + len(w) for w in self._org_cut
                                   if (k := text.rfind(w, start, end)) > start and end - k - len(w) >= 3])
            if self._org_starts is not None:  # deidorg10: 可以在 + 苏州市…中心
                start = max([start] + [k.start() for k in self._org_starts.finditer(text, start + 1, end) if end - k.start() >= 3])
            bare = max([start] + [k + len(w) for w in self._org_cut if (k := text.rfind(w, start, end)) > start])
            if self._not_phi_word(text, bare, end, m.label):
                return None   # orgaddr16: what the cue words leave is a generic word (并告知可通过 + 医院)
        if (m.label == "NAME" and end - start >= 3 and text[end - 1] in self._zh_trailing
                and self._zh_surname is not None and self._zh_surname.match(text, start)):
            end -= 1  # 护士史婷约40分钟后: 约 ends no name
        if m.label == "NAME" and word_surname_misfit(text, start, end, self._zh_surname):  # deidzh13: 家属满意, 随访护士：经电话
            return None
        if (m.label == "NAME" and self._zh_surname is not None and self._zh_surname.fullmatch(text, start, end)
                and role_compound(text, start, end, self._zh_surname)):   # s18-zh18: 公卫医生孔令川
            return None
        return PhiSpan(start, end, m.label, confidence, m.rule_id) if end > start else None

    def _zh_field_name(self, text: str, start: int, end: int) -> bool:
        """Whether a Chinese field value reads as a name: a surname first, no character a name never holds (a field's
        value 女性 or 入院日期 under a name-like key is none)."""
        return (self._zh_surname is not None and self._zh_surname.match(text, start) is not None
                and not (self._zh_name_not and self._zh_name_not.search(text, start, end)))


    def _org_shaped(self, text: str, lower: set[str]) -> bool:
        """An organisation found by shape alone (``Baylor Scott & White``, a title line): its first word is no known
        non-name (``Clinical Diagnosis & History``, ``Study ONC-ML-0042``; ``Bayada Home Health Care`` passes) and
        not every word is written in lower case elsewhere."""
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text) if w.lower() not in ("of", "and", "the", "by")]
        return bool(words) and _bare(words[0]).lower() not in self._names.not_name and not all(
            w.lower() in lower for w in words)

    def _trim_english_name(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Cut leading and trailing words that are not names (cue words, credentials, verbs); None when none is left."""
        gap = _GAP.search(text, start, end)   # deidword14: a column's gap ends a name (Grace Brooks  Entered)
        if gap is not None and gap.start() > start:
            end = gap.start()
        head, comma, tail = text[start:end].partition(",")
        full = len([w for w in head.split() if w.lower() not in PARTICLES]) >= 2  # "Linh Carvajal", not "Van der Berg"
        # prec15: "Dr Mokoena, Consultant Haematologist", "Dr Kinsella, Bayview Medical Centre": a surname, then its role
        # or its practice, whose words are no names (a "Surname, Given" has a given name after its comma)
        after = tail.split()
        role = bool(after) and not full and any(_bare(w) in self._not_name for w in after[:3])
        if comma and (full or "," in tail or role):  # "Linh Carvajal, M.Div.", "Obi, Lena, CTR": a name, then what follows
            cut = head if full or role else head + comma + tail.partition(",")[0]
            if full and self._names.chinese_with_given(head, tail.partition(",")[0]):  # names17: Tan Hui Min, Cecilia
                cut = head + comma + tail.partition(",")[0]
            if not full and re.fullmatch(r",[ ]?[A-Z]\.?", text[start + len(cut):end].rstrip()):  # "Olivia, E"
                cut = text[start:end]
            end = start + len(cut.rstrip())
        if text[start:end].endswith(("'s", "’s")):  # "Spoke with Evelyn O'Brien's office": the name, not the 's
            end -= 2
        words = list(re.finditer(r"[^\s,]+", text[start:end]))
        if words and _bare(words[-1].group()) in self._title_heads:
            return None   # s21-prec35: Subject-Level Progression-Free Survival, Late-Effects Cohort: a title, no person
        while words and words[-1].group()[-1] in "'’" and len(words[-1].group()) > 1:  # 'Thanh B. Gonzalez' (quoted)
            end = start + words[-1].end() - 1
            words = list(re.finditer(r"[^\s,]+", text[start:end]))
        # s19-id27: the title of an airline SURNAME/GIVEN name is part of it (guideline: `OKAFOR/CHIDI MS`)
        airline = len(words) >= 2 and "/" in words[-2].group() and words[-1].group() in _AIRLINE_TITLES
        while words and _bare(words[-1].group()) in self._not_name and not airline:
            words.pop()
        while words and _bare(words[0].group()) in self._not_name:
            words.pop(0)
        if not words:
            return None
        return start + words[0].start(), start + words[-1].end()


_LABEL_EDGES = "：:*＊[]【】()（）"   # s18-zh18
_FOUND_ORG_RULES = frozenset({"deid.affiliation", "deid.org_en_lower"})   # s21-prec35: organisations found from found spans
_AIRLINE_TITLES = frozenset({"MR", "MRS", "MS", "MISS", "MSTR", "DR"})   # s19-id27
_ZH_WORD = re.compile(r"[\u4e00-\u9fa5]{2,10}")


def _outranked(rule: PhiSpan, tagged: PhiSpan) -> bool:
    """A rule span of another category, surer than the tagger's span that holds it: the rule's reading stands."""
    return rule.category != tagged.category and rule.confidence > tagged.confidence


def _own_words(rule: PhiSpan, tagged: PhiSpan) -> bool:
    """Whether a tagger span holds a rule span of its own word category (NAME, ORGANIZATION, ADDRESS), whose bounds
    the rules drew (cue words and verbs cut): branch deidtagger12."""
    return rule.category == tagged.category and rule.category in _SPAN_CATEGORIES_ALLOWED


def _label_before(view: str, joint: int, start: int) -> bool:
    """A closed-up label ends right before the span: the joint lies at most three characters of the same line before
    it (``床号：47``)."""
    return joint <= start and start - joint <= 3 and "\n" not in view[joint:start]


# a Latin word glued right before a span's first Chinese character (Word文档…, OCR识别…)
_LATIN_GLUED = re.compile(r"[A-Za-z]{2}$")


def _value_span(m: RuleMatch) -> tuple[int, int]:
    """The value group's span of a match (``v`` or ``v2``), or the whole match's."""
    return next((m.group_spans[g] for g in _VALUE_GROUPS if g in m.group_spans), (m.start, m.end))


def _bare(word: str) -> str:
    """A word without its closing period or possessive (``Physician's`` is ``Physician``)."""
    word = word.rstrip(".")
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _decided(cands: list[PhiSpan], decided: list[tuple[int, int, str]], rule: str) -> list[PhiSpan]:
    """``cands`` without those inside a value that a field's position decided holds no PHI (category ``""``), with
    the values it decided hold PHI as spans of ``rule``."""
    if not decided:
        return cands
    empty = Intervals((a, b) for a, b, cat in decided if not cat)
    kept = [c for c in cands if not empty.holds(c.start, c.end)]
    return kept + [PhiSpan(a, b, cat, 0.9, rule) for a, b, cat in decided if cat]


def _lexicon_terms(names: list[str]) -> set[str]:
    """Terms of the named packaged lexicons: Chinese ones of two characters or more, Latin ones of four or more."""
    out: set[str] = set()
    for name in names:
        for entry in load_lexicon(name).entries:
            out |= {t for t in entry.terms if len(t) >= (4 if t.isascii() else 2)}
    return out


@lru_cache(maxsize=1)
def default_detector() -> PhiDetector:
    return PhiDetector()
