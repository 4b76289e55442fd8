"""PyTorch schema-conditioned pointer network (UIE-style) for training and export.

ids (B, L), lengths (B,) → start/end logits (B, F, L, 2) for every field of the schema at once.
The text is encoded once (:class:`models.nn.CharEncoder`); each field is a learned embedding that
conditions the encoder states (concatenated, then a small feed-forward layer) before the start and
end pointer heads, so one span head serves every field and a new field is one new embedding row.
An optional masked-character head (``mlm``) pre-trains the encoder on unlabelled text.
The encoder is a char BiLSTM-CNN (``lstm``) or residual dilated convolutions (``cnn``).
Only training, export and the speed benchmark import this module (torch is a dev dependency).
"""
from __future__ import annotations

import torch
from torch import nn

from oncostruct.models.nn import CharEncoder


class DilatedConvEncoder(nn.Module):
    """ids (B, L) → states (B, L, 2·hidden): residual dilated convolutions (dilation 1, 2, 4 …), each
    position also sees the max-pooled document vector. Parallel over time, so much faster than a
    BiLSTM on a CPU; the receptive field of ``layers`` layers is 2^(layers+1) − 1 characters."""

    def __init__(self, vocab_size: int, emb_dim: int, hidden: int, layers: int, dropout: float,
                 init: torch.Tensor | None = None) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        if init is not None:
            self.embed.weight.data.copy_(init)
        self.inp = nn.Linear(emb_dim, hidden)
        self.convs = nn.ModuleList(nn.Conv1d(hidden, hidden, 3, padding=2 ** k, dilation=2 ** k) for k in range(layers))
        self.drop = nn.Dropout(dropout)
        self.out_dim = 2 * hidden

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        mask = (ids != 0).unsqueeze(-1).float()
        x = self.drop(self.inp(self.embed(ids))) * mask
        for conv in self.convs:
            x = x + self.drop(torch.relu(conv(x.transpose(1, 2)).transpose(1, 2))) * mask
        pooled = (x - 1e4 * (1 - mask)).max(1, keepdim=True).values.expand_as(x)
        return torch.cat([x, pooled], -1) * mask


class PointerNet(nn.Module):
    def __init__(self, vocab_size: int, n_fields: int, *, emb_dim: int = 128, hidden: int = 128, layers: int = 1,
                 dropout: float = 0.3, cnn_channels: int = 64, field_dim: int = 32, cond_dim: int = 128,
                 init: torch.Tensor | None = None, encoder: str = "lstm") -> None:
        super().__init__()
        if encoder == "cnn":
            self.encoder: nn.Module = DilatedConvEncoder(vocab_size, emb_dim, hidden, layers, dropout, init)
        else:
            self.encoder = CharEncoder(vocab_size, emb_dim, hidden, layers, dropout, cnn_channels, init)
        self.fields = nn.Embedding(n_fields, field_dim)
        self.cond = nn.Linear(self.encoder.out_dim + field_dim, cond_dim)
        self.pointers = nn.Linear(cond_dim, 2)
        self.mlm = nn.Linear(self.encoder.out_dim, vocab_size)

    def heads(self, h: torch.Tensor) -> torch.Tensor:
        """Encoder states (B, L, H) → start/end logits (B, F, L, 2)."""
        b, n, _ = h.shape
        f = self.fields.weight  # (F, D)
        hf = h.unsqueeze(1).expand(b, f.size(0), n, h.size(-1))
        ff = f.view(1, f.size(0), 1, f.size(1)).expand(b, f.size(0), n, f.size(1))
        return self.pointers(torch.relu(self.cond(torch.cat([hf, ff], -1))))

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        return self.heads(self.encoder(ids, lengths))

    def loss(self, ids: torch.Tensor, lengths: torch.Tensor, targets: torch.Tensor, weights: torch.Tensor,
             pos_weight: float = 1.0) -> torch.Tensor:
        """Per-position binary cross-entropy of the start/end pointers; ``targets`` (B, F, L, 2),
        ``weights`` (B,) per-example weights (part-b up-weighting); padding is masked out."""
        logits = self(ids, lengths)
        mask = (ids != 0).float().view(ids.size(0), 1, ids.size(1), 1)
        bce = nn.functional.binary_cross_entropy_with_logits(
            logits, targets, reduction="none", pos_weight=torch.tensor(pos_weight))
        per_ex = (bce * mask).sum((1, 2, 3))
        return (per_ex * weights).sum() / weights.sum()

    def mlm_loss(self, ids: torch.Tensor, lengths: torch.Tensor, rate: float, gen: torch.Generator) -> torch.Tensor:
        """Masked-character loss: ``rate`` of the characters are replaced by [UNK] (id 1) and predicted."""
        real = ids != 0
        pick = (torch.rand(ids.shape, generator=gen) < rate) & real
        if not bool(pick.any()):
            return torch.zeros(())
        masked = torch.where(pick, torch.ones_like(ids), ids)
        logits = self.mlm(self.encoder(masked, lengths))
        return nn.functional.cross_entropy(logits[pick], ids[pick])


def pointer_from_state(model_cfg: dict, n_fields: int, state: dict[str, torch.Tensor]) -> PointerNet:
    """Rebuild a trained net from its config's ``model`` section and a saved state dict (eval mode)."""
    m = model_cfg
    net = PointerNet(state["encoder.embed.weight"].shape[0], n_fields, emb_dim=m["emb_dim"], hidden=m["hidden"],
                     layers=m["layers"], dropout=m["dropout"], cnn_channels=m["cnn_channels"],
                     field_dim=m["field_dim"], cond_dim=m["cond_dim"], encoder=m.get("encoder", "lstm"))
    result = net.load_state_dict(state, strict=False)  # released weights omit the masked-char head
    bad = [k for k in result.missing_keys if not k.startswith("mlm.")] + list(result.unexpected_keys)
    if bad:
        raise KeyError(f"pointer state does not fit the config: {bad[:5]}")
    return net.eval()
