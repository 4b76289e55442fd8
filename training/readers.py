"""Readers for NER training data: span JSONL, CoNLL BIO and Label Studio JSON exports.

All three give :class:`SpanExample` (``end`` exclusive; nested spans allowed). Only training
files are read here; the dev split is carved with :func:`training.splits.split_train_dev`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from oncostruct.engine.errors import DataFormatError
from oncostruct.training.splits import split_train_dev

Span = tuple[int, int, str]


@dataclass
class SpanExample:
    id: str
    text: str
    entities: list[Span] = field(default_factory=list)

    def __getitem__(self, key: str) -> str:  # lets split_train_dev key on "id"
        return getattr(self, key)


def _checked(ex_id: str, text: str, spans: Iterable[Span]) -> SpanExample:
    """Validate offsets; empty spans (start == end, a known CMeEE annotation slip) are dropped."""
    out = []
    for start, end, label in spans:
        if start == end:
            continue
        if not (0 <= start < end <= len(text)):
            raise DataFormatError(f"{ex_id}: entity ({start}, {end}, {label}) outside text of length {len(text)}")
        out.append((int(start), int(end), str(label)))
    return SpanExample(ex_id, text, sorted(set(out)))


def read_span_jsonl(path: Path) -> list[SpanExample]:
    """``{"id","text","entities":[{"start","end","label",...}]}`` per line (CCKS2019 NER, CMeEE)."""
    examples = []
    with Path(path).open(encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                spans = [(e["start"], e["end"], e["label"]) for e in rec.get("entities", [])]
                examples.append(_checked(str(rec.get("id", f"line-{n}")), rec["text"], spans))
            except (KeyError, TypeError, json.JSONDecodeError) as exc:
                raise DataFormatError(f"{path}:{n}: not a span-JSONL record ({exc})") from exc
    return examples


def bio_to_spans(tags: list[str]) -> list[Span]:
    """BIO/IOB2 tags (also BIOES/BMES) → character spans; a stray I- starts a new entity."""
    spans: list[Span] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, lab = tag.partition("-")
        continues = prefix in ("I", "M", "E") and lab == label and start >= 0
        if not continues and start >= 0:
            spans.append((start, i, label))
            start, label = -1, ""
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and not continues):
            start, label = i, lab
        if prefix in ("E", "S") and start >= 0:
            spans.append((start, i + 1, label))
            start, label = -1, ""
    return spans


def spans_to_bio(length: int, spans: Iterable[Span]) -> list[str]:
    """Flat spans → BIO tags (the longer span wins where spans overlap)."""
    tags = ["O"] * length
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(t == "O" for t in tags[start:end]):
            tags[start] = f"B-{label}"
            tags[start + 1:end] = [f"I-{label}"] * (end - start - 1)
    return tags


def read_conll(path: Path) -> list[SpanExample]:
    """One character (token) and its tag per line, blank line between sentences."""
    examples: list[SpanExample] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if chars:
            # multi-character tokens are joined without separators; offsets are per character
            offsets, text = [], ""
            for tok in chars:
                offsets.append((len(text), len(text) + len(tok)))
                text += tok
            spans = [(offsets[s][0], offsets[e - 1][1], lab) for s, e, lab in bio_to_spans(tags)]
            examples.append(_checked(f"{Path(path).stem}-{len(examples)}", text, spans))
        chars.clear()
        tags.clear()

    with Path(path).open(encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                continue
            parts = line.split()
            if len(parts) < 2:
                # a space character written as its own token line: "  O"
                if line.startswith(" ") and len(parts) == 1:
                    parts = [" ", parts[0]]
                else:
                    raise DataFormatError(f"{path}:{n}: expected 'TOKEN TAG'")
            chars.append(parts[0])
            tags.append(parts[-1])
    flush()
    return examples


def read_label_studio(path: Path, text_key: str = "text") -> list[SpanExample]:
    """A Label Studio JSON export (list of tasks); uses each task's latest non-cancelled annotation."""
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise DataFormatError(f"{path}: not JSON ({exc})") from exc
    examples = []
    for task in tasks:
        text = task.get("data", {}).get(text_key)
        if text is None:
            raise DataFormatError(f"{path}: task {task.get('id')} has no data.{text_key}")
        annotations = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
        spans: list[Span] = []
        if annotations:
            for res in annotations[-1].get("result", []):
                value = res.get("value", {})
                for label in value.get("labels", []):
                    spans.append((value["start"], value["end"], label))
        examples.append(_checked(str(task.get("id", len(examples))), text, spans))
    return examples


READERS = {"jsonl": read_span_jsonl, "conll": read_conll, "label_studio": read_label_studio}


def read_examples(path: Path, fmt: str = "jsonl") -> list[SpanExample]:
    if fmt not in READERS:
        raise DataFormatError(f"unknown data format {fmt!r}; use one of {sorted(READERS)}")
    return READERS[fmt](Path(path))


def train_dev(path: Path, fmt: str = "jsonl", *, seed: int | None = None) -> tuple[list[SpanExample], list[SpanExample]]:
    """The seeded ~10 % dev split of a training file (keyed by example id)."""
    examples = read_examples(path, fmt)
    return split_train_dev(examples) if seed is None else split_train_dev(examples, seed=seed)


def write_split(path: Path, out_dir: Path, fmt: str = "jsonl") -> tuple[Path, Path]:
    """Write the seeded train/dev split as span JSONL (for ``oncostruct bench ner``; keep it outside the repo)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, part in zip(("train", "dev"), train_dev(path, fmt)):
        p = out_dir / f"{name}.jsonl"
        with p.open("w", encoding="utf-8") as fh:
            for ex in part:
                ents = [{"start": s, "end": e, "label": lab, "text": ex.text[s:e]} for s, e, lab in ex.entities]
                fh.write(json.dumps({"id": ex.id, "text": ex.text, "entities": ents}, ensure_ascii=False) + "\n")
        paths.append(p)
    return paths[0], paths[1]
