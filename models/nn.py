"""PyTorch modules for training: a character encoder (embeddings, char-CNN, BiLSTM), a CRF, a global pointer.

Only training, export and the speed benchmark import this module (torch is a dev dependency);
serving runs the exported ONNX graph and decodes in numpy (:mod:`models.decoding`).
The BiLSTM reverses each sequence within its own length, so padding never leaks into the
backward direction and results do not depend on batch composition.
"""
from __future__ import annotations

import math

import torch
from torch import nn


def _reverse_index(lengths: torch.Tensor, max_len: int) -> torch.Tensor:
    pos = torch.arange(max_len, device=lengths.device).unsqueeze(0)
    lens = lengths.unsqueeze(1)
    return torch.where(pos < lens, lens - 1 - pos, pos)


def _gather_time(x: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
    return torch.gather(x, 1, idx.unsqueeze(-1).expand(-1, -1, x.size(-1)))


class HashedBigrams(nn.Module):
    """Embeddings of the character bigram starting at each position, hashed into ``buckets`` rows.

    The bucket is computed from the character ids inside the graph, so an exported model keeps
    the plain ``(ids, lengths)`` interface; row 0 is padding (positions past the text).
    """

    PRIME = 1_000_003

    def __init__(self, buckets: int, dim: int) -> None:
        super().__init__()
        self.buckets = buckets
        self.embed = nn.Embedding(buckets + 1, dim, padding_idx=0)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        nxt = torch.cat([ids[:, 1:], torch.zeros_like(ids[:, :1])], 1)
        bucket = torch.remainder(ids * self.PRIME + nxt, self.buckets) + 1
        return self.embed(torch.where(ids != 0, bucket, torch.zeros_like(bucket)))


class CharEncoder(nn.Module):
    """ids (B, L) → contextual states (B, L, 2·hidden)."""

    def __init__(self, vocab_size: int, emb_dim: int, hidden: int, layers: int, dropout: float,
                 cnn_channels: int = 0, init: torch.Tensor | None = None, bigram_buckets: int = 0,
                 bigram_dim: int = 64) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        if init is not None:
            self.embed.weight.data.copy_(init)
        self.bigrams = HashedBigrams(bigram_buckets, bigram_dim) if bigram_buckets else None
        in_dim = emb_dim + (bigram_dim if bigram_buckets else 0)
        self.cnn = nn.Conv1d(emb_dim, cnn_channels, 3, padding=1) if cnn_channels else None
        in_dim += cnn_channels
        self.fwd = nn.ModuleList()
        self.bwd = nn.ModuleList()
        for _ in range(layers):
            self.fwd.append(nn.LSTM(in_dim, hidden, batch_first=True))
            self.bwd.append(nn.LSTM(in_dim, hidden, batch_first=True))
            in_dim = 2 * hidden
        self.drop = nn.Dropout(dropout)
        self.out_dim = in_dim

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        mask = (ids != 0).unsqueeze(-1).float()
        chars = self.embed(ids)
        parts = [chars]
        if self.bigrams is not None:
            parts.append(self.bigrams(ids))
        if self.cnn is not None:
            parts.append(torch.relu(self.cnn(chars.transpose(1, 2))).transpose(1, 2) * mask)
        x = torch.cat(parts, -1) if len(parts) > 1 else chars
        x = self.drop(x)
        rev = _reverse_index(lengths, ids.size(1))
        for fwd, bwd in zip(self.fwd, self.bwd):
            f, _ = fwd(x)
            b, _ = bwd(_gather_time(x, rev))
            x = self.drop(torch.cat([f, _gather_time(b, rev)], -1) * mask)
        return x


class CRF(nn.Module):
    """Linear-chain CRF negative log-likelihood (decoding happens in numpy after export)."""

    def __init__(self, n_tags: int) -> None:
        super().__init__()
        self.transitions = nn.Parameter(torch.zeros(n_tags, n_tags))
        self.start = nn.Parameter(torch.zeros(n_tags))
        self.end = nn.Parameter(torch.zeros(n_tags))

    def nll(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b_idx = torch.arange(em.size(0), device=em.device)
        maskf = mask.float()
        # gold path score
        score = self.start[tags[:, 0]] + em[b_idx, 0, tags[:, 0]]
        for t in range(1, em.size(1)):
            step = self.transitions[tags[:, t - 1], tags[:, t]] + em[b_idx, t, tags[:, t]]
            score = score + step * maskf[:, t]
        last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
        score = score + self.end[last]
        # partition function
        alpha = self.start + em[:, 0]
        for t in range(1, em.size(1)):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + self.transitions + em[:, t].unsqueeze(1), 1)
            alpha = torch.where(mask[:, t:t + 1], nxt, alpha)
        log_z = torch.logsumexp(alpha + self.end, 1)
        return (log_z - score).sum() / em.size(0)


class GlobalPointer(nn.Module):
    """Span scores (B, C, L, L) with rotary position encoding; ``[c, i, j]`` scores span i..j inclusive."""

    def __init__(self, in_dim: int, n_labels: int, head_dim: int = 64) -> None:
        super().__init__()
        self.n_labels, self.head_dim = n_labels, head_dim
        self.proj = nn.Linear(in_dim, n_labels * head_dim * 2)

    def _rope(self, x: torch.Tensor) -> torch.Tensor:
        """Rotary encoding, rotate-half form; x is (B, C, L, D)."""
        half = self.head_dim // 2
        pos = torch.cumsum(torch.ones_like(x[0, 0, :, :1]), 0) - 1  # (L, 1), traced with a dynamic length
        inv = torch.pow(10000.0, -torch.arange(half, dtype=torch.float32, device=x.device) / half)
        ang = pos * inv
        sin, cos = torch.cat([torch.sin(ang), torch.sin(ang)], -1), torch.cat([torch.cos(ang), torch.cos(ang)], -1)
        rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
        return x * cos + rotated * sin

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        b, n, _ = h.shape
        qk = self.proj(h).view(b, n, self.n_labels, 2, self.head_dim).permute(0, 2, 3, 1, 4)  # (B, C, 2, L, D)
        q, k = self._rope(qk[:, :, 0]), self._rope(qk[:, :, 1])
        return torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)


def multilabel_ce(logits: torch.Tensor, targets: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Multi-label categorical cross-entropy (Su 2020) over the valid span cells of each label."""
    logits = logits.masked_fill(~valid, -1e4)
    neg = logits.masked_fill(targets, -1e4).flatten(2)
    pos = (-logits).masked_fill(~targets | ~valid, -1e4).flatten(2)
    zeros = torch.zeros_like(neg[..., :1])
    loss = torch.logsumexp(torch.cat([neg, zeros], -1), -1) + torch.logsumexp(torch.cat([pos, zeros], -1), -1)
    return loss.sum() / logits.size(0)


class NerNet(nn.Module):
    """``kind="crf"``: forward gives emissions (B, L, T); ``kind="span"``: span logits (B, C, L, L)."""

    def __init__(self, kind: str, vocab_size: int, n_labels: int, *, emb_dim: int = 128, hidden: int = 256,
                 layers: int = 2, dropout: float = 0.3, cnn_channels: int = 0, head_dim: int = 64,
                 init: torch.Tensor | None = None, bigram_buckets: int = 0, bigram_dim: int = 64) -> None:
        super().__init__()
        self.kind = kind
        self.encoder = CharEncoder(vocab_size, emb_dim, hidden, layers, dropout, cnn_channels, init,
                                   bigram_buckets, bigram_dim)
        if kind == "crf":
            self.head: nn.Module = nn.Linear(self.encoder.out_dim, 1 + 2 * n_labels)
            self.crf = CRF(1 + 2 * n_labels)
        else:
            self.head = GlobalPointer(self.encoder.out_dim, n_labels, head_dim)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(ids, lengths))

    def loss(self, ids: torch.Tensor, lengths: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        out = self(ids, lengths)
        mask = ids != 0
        if self.kind == "crf":
            return self.crf.nll(out, targets, mask)
        valid = (mask.unsqueeze(2) & mask.unsqueeze(1)).triu().unsqueeze(1)
        return multilabel_ce(out, targets, valid)


def net_from_state(model_cfg: dict, state: dict[str, torch.Tensor]) -> NerNet:
    """Rebuild a trained net from its config's ``model`` section and a saved state dict (eval mode)."""
    m = model_cfg
    net = NerNet(m["kind"], state["encoder.embed.weight"].shape[0], len(m["labels"]), emb_dim=m["emb_dim"],
                 hidden=m["hidden"], layers=m["layers"], dropout=m["dropout"], cnn_channels=m["cnn_channels"],
                 head_dim=m["head_dim"], bigram_buckets=m.get("bigram_buckets", 0), bigram_dim=m.get("bigram_dim", 64))
    net.load_state_dict(state)
    return net.eval()
