"""Distant supervision for the tumour pointer model: answer strings → character spans, and tensors.

CCKS2019 tumour answers are strings, not offsets. Each answer is aligned to every place it occurs in
the text, except where that place lies inside a longer answer of the same field (``右肺`` inside
``右肺门淋巴结``). Spreadsheet artefacts (``_x0004_``) are removed first (``pointer_normalise.yaml``).
:func:`alignment_report` counts how each answer aligned, or why it did not.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import yaml

from oncostruct.models.pointer import FIELDS, PointerDecoder
from oncostruct.models.vocab import CharVocab

DEFAULT_NORMALISE = Path(__file__).parent / "configs" / "pointer_normalise.yaml"
Span = tuple[int, int, int]  # (field index, start, end exclusive)


@dataclass
class Normalisation:
    gold_artefacts: list[str]
    strip_chars: str
    mention_continuation: str
    max_values: dict[str, int]

    @classmethod
    def load(cls, path: Path) -> "Normalisation":
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return cls(list(raw.get("gold_artefacts", [])), str(raw.get("strip_chars", "")),
                   str(raw.get("mention_continuation", "")), {k: int(v) for k, v in (raw.get("max_values") or {}).items()})

    def decoder(self, threshold: float = 0.5) -> PointerDecoder:
        """The decoder these rules imply (strip characters, value caps; default span lengths)."""
        return PointerDecoder(threshold=threshold, strip_chars=self.strip_chars, max_values=dict(self.max_values))

    def clean_gold(self, answer: str) -> str:
        for art in self.gold_artefacts:
            answer = answer.replace(art, "")
        return answer.strip()


def _occurrences(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def align_answers(text: str, answers: list[str], norm: Normalisation) -> tuple[list[tuple[int, int]], list[str]]:
    """Spans of one field's answers in ``text`` and one status per answer (see :func:`alignment_report`)."""
    cleaned = [norm.clean_gold(a) for a in answers]
    hits = {a: _occurrences(text, a) for a in cleaned if a}
    spans: set[tuple[int, int]] = set()
    statuses = []
    for raw, a in zip(answers, cleaned):
        if not a:
            statuses.append("empty_after_cleanup")
            continue
        longer = [(s, s + len(b)) for b in cleaned if b and len(b) > len(a) and a in b for s in hits.get(b, [])]
        kept = [s for s in hits[a] if not any(ls <= s and s + len(a) <= le for ls, le in longer)]
        if not hits[a]:
            statuses.append("unaligned_not_in_text")
            continue
        if not kept:
            kept = hits[a]
        spans.update((s, s + len(a)) for s in kept)
        status = "exact_once" if len(kept) == 1 else "exact_several"
        if raw != a:
            status = "after_artefact_cleanup"
        elif any(s + len(a) < len(text) and text[s + len(a)] in norm.mention_continuation for s in kept):
            status += "_inside_longer_mention"
        statuses.append(status)
    return sorted(spans), statuses


def record_spans(record: dict[str, Any], norm: Normalisation) -> tuple[list[Span], list[str]]:
    spans, statuses = [], []
    for k, name in enumerate(FIELDS):
        found, st = align_answers(record["text"], list(record.get(name) or []), norm)
        spans.extend((k, s, e) for s, e in found)
        statuses.extend(f"{name}:{x}" for x in st)
    return spans, statuses


def alignment_report(records: list[dict[str, Any]], norm: Normalisation) -> dict[str, Any]:
    """Answer counts per field and alignment status; spans per answer."""
    counts: Counter[str] = Counter()
    for r in records:
        counts.update(record_spans(r, norm)[1])
    by_field: dict[str, dict[str, int]] = {}
    for key, n in sorted(counts.items()):
        name, _, status = key.partition(":")
        by_field.setdefault(name, {})[status] = n
    return {"n_records": len(records), "answers": sum(counts.values()), "by_field": by_field,
            "unaligned": sum(n for k, n in counts.items() if "unaligned" in k or "empty" in k)}


@dataclass
class Example:
    ids: list[int]
    spans: list[Span]
    weight: float = 1.0


def make_examples(records: list[dict[str, Any]], vocab: CharVocab, norm: Normalisation, weight: float = 1.0) -> list[Example]:
    return [Example(vocab.encode(r["text"]), record_spans(r, norm)[0], weight) for r in records]


def batches(examples: list[Example], batch_size: int, rng: random.Random) -> Iterator[tuple[np.ndarray, ...]]:
    """Length-bucketed shuffled batches: ids (B, L), lengths (B,), targets (B, F, L, 2), weights (B,)."""
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i].ids), rng.random()))
    chunks = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(chunks)
    for chunk in chunks:
        exs = [examples[i] for i in chunk]
        n = max(len(e.ids) for e in exs)
        ids = np.zeros((len(exs), n), np.int64)
        tgt = np.zeros((len(exs), len(FIELDS), n, 2), np.float32)
        for b, e in enumerate(exs):
            ids[b, :len(e.ids)] = e.ids
            for f, s, end in e.spans:
                tgt[b, f, s, 0] = 1.0
                tgt[b, f, end - 1, 1] = 1.0
        yield (ids, np.array([len(e.ids) for e in exs], np.int64), tgt,
               np.array([e.weight for e in exs], np.float32))
