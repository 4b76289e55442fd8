"""Numpy decoders for the exported models: CRF Viterbi and marginals, BIO→spans, span logits→spans.

The CRF uses BIO tags: id 0 is ``O``; label ``k`` has ``B`` = 1 + 2k and ``I`` = 2 + 2k.
"""
from __future__ import annotations

import numpy as np

Span = tuple[int, int, str, float]  # start, end (exclusive), label, raw confidence


def bio_tag_names(labels: list[str]) -> list[str]:
    return ["O", *[f"{p}-{lab}" for lab in labels for p in ("B", "I")]]


def viterbi(emissions: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    """Best tag path for one sequence; ``emissions`` is (L, T)."""
    score = start + emissions[0]
    back = []
    for t in range(1, len(emissions)):
        cand = score[:, None] + trans
        back.append(cand.argmax(0))
        score = cand.max(0) + emissions[t]
    best = [int((score + end).argmax())]
    for bp in reversed(back):
        best.append(int(bp[best[-1]]))
    return best[::-1]


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    m = x.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))).squeeze(axis)


def marginals(emissions: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per-position tag marginals P(y_t = k | x) by forward-backward, (L, T)."""
    n = len(emissions)
    alpha = np.empty_like(emissions)
    beta = np.empty_like(emissions)
    alpha[0] = start + emissions[0]
    for t in range(1, n):
        alpha[t] = _logsumexp(alpha[t - 1][:, None] + trans, 0) + emissions[t]
    beta[-1] = end
    for t in range(n - 2, -1, -1):
        beta[t] = _logsumexp(trans + (emissions[t + 1] + beta[t + 1])[None, :], 1)
    log_z = _logsumexp(alpha[-1] + end, 0)
    return np.exp(alpha + beta - log_z)


def viterbi_batch(emissions: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray,
                  end: np.ndarray) -> list[list[int]]:
    """:func:`viterbi` for a padded batch (B, L, T) in one pass over the positions (each sequence to its length)."""
    b_n, l_n, _ = emissions.shape
    lengths = np.asarray(lengths)
    rows = np.arange(b_n)
    score = start + emissions[:, 0]
    back = np.zeros((max(l_n - 1, 0), b_n, emissions.shape[2]), dtype=np.int64)
    for t in range(1, int(lengths.max(initial=1))):
        cand = score[:, :, None] + trans
        back[t - 1] = cand.argmax(1)
        score = np.where((t < lengths)[:, None], cand.max(1) + emissions[:, t], score)
    path = np.zeros((b_n, max(l_n, 1)), dtype=np.int64)
    last = np.maximum(lengths - 1, 0)
    path[rows, last] = (score + end).argmax(1)
    for t in range(int(last.max(initial=0)), 0, -1):
        live = t <= last
        path[live, t - 1] = back[t - 1][rows, path[:, t]][live]
    return [path[b, :max(int(lengths[b]), 1)].tolist() for b in range(b_n)]


def marginals_batch(emissions: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray,
                    end: np.ndarray) -> np.ndarray:
    """:func:`marginals` for a padded batch (B, L, T), by scaled forward-backward in probability space (each
    position normalised, so nothing underflows); rows past a sequence's length are meaningless. A sequence whose
    scaled sums vanish (every path forbidden at some step) falls back to the log-space :func:`marginals`."""
    b_n, l_n, _ = emissions.shape
    lengths = np.asarray(lengths)
    step = np.exp(trans - trans.max())
    prob = np.exp(emissions - emissions.max(2, keepdims=True))
    alpha = np.empty_like(prob)
    beta = np.empty_like(prob)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = np.exp(start - start.max()) * prob[:, 0]
        alpha[:, 0] = a / a.sum(1, keepdims=True)
        for t in range(1, l_n):
            a = (alpha[:, t - 1] @ step) * prob[:, t]
            alpha[:, t] = a / a.sum(1, keepdims=True)
        beta[:] = np.exp(end - end.max())
        for t in range(l_n - 2, -1, -1):
            live = t < lengths - 1
            b = (prob[:, t + 1] * beta[:, t + 1]) @ step.T
            beta[live, t] = (b / b.sum(1, keepdims=True))[live]
        gamma = alpha * beta
        gamma /= gamma.sum(2, keepdims=True)
    for i in range(b_n):
        n = int(lengths[i])
        if not np.isfinite(gamma[i, :n]).all():
            gamma[i, :n] = marginals(emissions[i, :n], trans, start, end)
    return gamma


def tags_to_spans(tags: list[int], labels: list[str], probs: np.ndarray | None = None) -> list[Span]:
    """BIO ids → spans; confidence = mean marginal of the path's tags over the span (1.0 without probs)."""
    spans: list[Span] = []
    start, label = -1, -1

    def close(end: int) -> None:
        conf = 1.0 if probs is None else float(np.mean([probs[i, tags[i]] for i in range(start, end)]))
        spans.append((start, end, labels[label], conf))

    for i, tag in enumerate(tags):
        lab, is_inside = (tag - 1) // 2, tag > 0 and (tag - 1) % 2 == 1
        if start >= 0 and not (is_inside and lab == label):
            close(i)
            start = -1
        if tag > 0 and start < 0:  # B, or an I that does not continue: start a new entity
            start, label = i, lab
    if start >= 0:
        close(len(tags))
    return spans


def decode_crf(emissions: np.ndarray, crf: dict[str, np.ndarray], labels: list[str], with_conf: bool = True) -> list[Span]:
    tags = viterbi(emissions, crf["transitions"], crf["start"], crf["end"])
    probs = marginals(emissions, crf["transitions"], crf["start"], crf["end"]) if with_conf else None
    return tags_to_spans(tags, labels, probs)


def decode_crf_batch(emissions: np.ndarray, lengths: np.ndarray, crf: dict[str, np.ndarray], labels: list[str],
                     with_conf: bool = True) -> list[list[Span]]:
    """:func:`decode_crf` over a padded batch (B, L, T) at once; marginals only for sequences that hold a span."""
    args = (crf["transitions"], crf["start"], crf["end"])
    paths = viterbi_batch(emissions, lengths, *args)
    tagged = [i for i, p in enumerate(paths) if any(p)]
    probs: dict[int, np.ndarray] = {}
    if with_conf and tagged:
        sub = marginals_batch(emissions[tagged], np.asarray(lengths)[tagged], *args)
        probs = {i: sub[k] for k, i in enumerate(tagged)}
    return [tags_to_spans(p, labels, probs.get(i)) if any(p) else [] for i, p in enumerate(paths)]


def decode_spans(logits: np.ndarray, labels: list[str], threshold: float = 0.0, flat: bool = False) -> list[Span]:
    """Global-pointer logits (C, L, L) with ``[c, i, j]`` = span i..j inclusive → spans with sigmoid confidence.

    With ``flat`` overlapping spans are resolved greedily by score.
    """
    n = logits.shape[-1]
    upper = np.triu(np.ones((n, n), dtype=bool))
    cs, is_, js = np.nonzero((logits > threshold) & upper[None])
    found = [(int(i), int(j) + 1, labels[int(c)], float(1 / (1 + np.exp(-logits[c, i, j])))) for c, i, j in zip(cs, is_, js)]
    if flat:
        chosen: list[Span] = []
        for s in sorted(found, key=lambda s: -s[3]):
            if all(s[1] <= o[0] or s[0] >= o[1] for o in chosen):
                chosen.append(s)
        found = chosen
    return sorted(found)
