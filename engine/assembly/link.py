"""Linking documents into patients: explicit patient ids first, then rules over keyed header identifiers.

Every pair of documents that a rule (``engine/data/assembly.yaml``) matches is a candidate link with
the rule's confidence, lowered when another identifier present on both disagrees. Links are
taken strongest first (union-find); two groups holding different explicit patient ids never merge,
and links weaker than ``accept_min`` are not made. Each document records the rule and confidence
that joined it; links under ``review_below`` go to review.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from oncostruct.engine.assembly.config import LinkConfig
from oncostruct.engine.assembly.facts import DocInfo
from oncostruct.engine.assembly.model import Link
from oncostruct.engine.cdm import FieldStatus

EXPLICIT = "patient_id"


@dataclass(frozen=True)
class _Edge:
    confidence: float
    rule: str
    a: int
    b: int


class _Groups:
    """Union-find over document indices; a root remembers the explicit patient id of its group."""

    def __init__(self, docs: list[DocInfo]) -> None:
        self.parent = list(range(len(docs)))
        self.pid = {i: d.patient_id for i, d in enumerate(docs) if d.patient_id}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        pa, pb = self.pid.get(ra), self.pid.get(rb)
        if pa and pb and pa != pb:
            return False
        self.parent[rb] = ra
        if pb and not pa:
            self.pid[ra] = pb
        return True


def _edges(docs: list[DocInfo], config: LinkConfig) -> list[_Edge]:
    edges: dict[tuple[int, int], _Edge] = {}
    for rule in config.rules:
        buckets: dict[tuple[str, ...], list[int]] = {}
        for i, d in enumerate(docs):
            if all(k in d.keys for k in rule.keys):
                buckets.setdefault(tuple(d.keys[k] for k in rule.keys), []).append(i)
        for members in buckets.values():
            for x, a in enumerate(members):
                for b in members[x + 1:]:
                    ka, kb = docs[a].keys, docs[b].keys
                    contradicted = [k for k in config.contradiction_keys if k in ka and k in kb and ka[k] != kb[k]]
                    conf = rule.confidence * config.contradiction_factor ** len(contradicted)
                    name = rule.name + "".join(f"+{k}_differs" for k in contradicted)
                    if (a, b) not in edges or conf > edges[a, b].confidence:
                        edges[a, b] = _Edge(conf, name, a, b)
    return sorted(edges.values(), key=lambda e: (-e.confidence, e.a, e.b))


def _generated_id(doc_ids: list[str]) -> str:
    return "linked-" + hashlib.sha256("\x1f".join(sorted(doc_ids)).encode("utf-8")).hexdigest()[:12]


def link_documents(docs: list[DocInfo], config: LinkConfig) -> dict[str, list[tuple[DocInfo, Link]]]:
    """Patient id → its documents with the link that joined each, in input order."""
    groups = _Groups(docs)
    by_pid: dict[str, int] = {}
    best: dict[int, _Edge] = {}
    for i, d in enumerate(docs):
        if d.patient_id:
            if d.patient_id in by_pid:
                groups.union(by_pid[d.patient_id], i)
            by_pid.setdefault(d.patient_id, i)
    for e in _edges(docs, config):
        if e.confidence < config.accept_min:
            break
        joined = groups.union(e.a, e.b)
        for i in (e.a, e.b):
            if (joined or groups.find(e.a) == groups.find(e.b)) and (i not in best or e.confidence > best[i].confidence):
                best[i] = e
    members: dict[int, list[int]] = {}
    for i in range(len(docs)):
        members.setdefault(groups.find(i), []).append(i)
    out: dict[str, list[tuple[DocInfo, Link]]] = {}
    for root, idx in members.items():
        pid = groups.pid.get(root) or _generated_id([docs[i].doc_id for i in idx])
        out[pid] = [(docs[i], _link(docs, i, best.get(i), config, len(idx))) for i in idx]
    return out


def _link(docs: list[DocInfo], i: int, edge: _Edge | None, config: LinkConfig, size: int) -> Link:
    d = docs[i]
    if d.patient_id:
        return Link(doc_id=d.doc_id, rule=EXPLICIT, confidence=1.0)
    if edge is None:
        return Link(doc_id=d.doc_id, rule="unlinked" if size == 1 else "group", confidence=1.0 if size == 1 else 0.0)
    other = docs[edge.b if edge.a == i else edge.a].doc_id
    uncertain = edge.confidence < config.review_below
    return Link(doc_id=d.doc_id, rule=edge.rule, confidence=round(edge.confidence, 4), linked_to=other,
                status=FieldStatus.needs_review if uncertain else FieldStatus.auto_accepted)
