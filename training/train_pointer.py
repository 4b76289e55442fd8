"""Train the tumour pointer model (:mod:`models.pointer_net`) on CCKS2019 tumour records.

Stage 1 (:func:`fit_base`) trains on part a (another hospital), plus part b repeated ``part_b_oversample``
times when asked; optionally the encoder is first pre-trained with a masked-character objective on the
unlabelled reports and the part-a texts (never on part-b texts, which hold the CV test folds). Stage 2
(:func:`finetune`) adapts to the target hospital: part b × ``finetune_oversample`` plus a part-a sample.
:func:`fit` is used by both ``oncostruct train pointer`` and the part-b CV (:mod:`eval.tumour_pointer`).
"""
from __future__ import annotations

import json
import logging
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from oncostruct.models.pointer import FIELDS, PointerDecoder, PointerModel
from oncostruct.models.pointer_net import PointerNet
from oncostruct.models.vocab import CharVocab
from oncostruct.training.pointer_config import PointerTrainConfig
from oncostruct.training.pointer_data import Normalisation, batches, make_examples

log = logging.getLogger(__name__)
SOURCE_PREFIX, TARGET_PREFIX = "tumour-train-a-", "tumour-train-b-"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with Path(path).open(encoding="utf-8-sig") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build_net(cfg: PointerTrainConfig, vocab: CharVocab) -> PointerNet:
    m = cfg.model
    init = torch.from_numpy(vocab.init_matrix(m.emb_dim, cfg.train.seed)) if m.lac_init else None
    return PointerNet(len(vocab), len(FIELDS), emb_dim=m.emb_dim, hidden=m.hidden, layers=m.layers, dropout=m.dropout,
                      cnn_channels=m.cnn_channels, field_dim=m.field_dim, cond_dim=m.cond_dim, init=init,
                      encoder=m.encoder)


def pretrain(net: PointerNet, vocab: CharVocab, texts: list[str], cfg: PointerTrainConfig) -> list[float]:
    """Masked-character pre-training of the encoder; returns the loss every 50 steps."""
    t = cfg.train
    gen = torch.Generator().manual_seed(t.seed)
    rng = random.Random(t.seed)
    opt = torch.optim.Adam([p for n, p in net.named_parameters() if n.startswith(("encoder", "mlm"))], lr=t.lr)
    enc = [vocab.encode(x[:400]) for x in texts if x]
    losses, run = [], 0.0
    net.train()
    for step in range(1, t.pretrain_steps + 1):
        chunk = sorted(rng.sample(enc, min(t.batch_size, len(enc))), key=len)
        n = max(map(len, chunk))
        ids = torch.zeros((len(chunk), n), dtype=torch.long)
        for b, e in enumerate(chunk):
            ids[b, :len(e)] = torch.tensor(e)
        loss = net.mlm_loss(ids, torch.tensor([len(e) for e in chunk]), t.mlm_rate, gen)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), t.clip)
        opt.step()
        run += loss.item()
        if step % 50 == 0:
            losses.append(round(run / 50, 4))
            log.info("pretrain step %d mlm loss %.4f", step, losses[-1])
            run = 0.0
    return losses


def _epochs(net: PointerNet, examples: list, cfg: PointerTrainConfig, epochs: int, lr: float, stage: str,
            rows: list[dict[str, Any]]) -> None:
    t = cfg.train
    params = [p for n, p in net.named_parameters() if not n.startswith("mlm")]
    opt = torch.optim.AdamW(params, lr=lr)
    rng = random.Random(t.seed)
    began = time.time()
    for epoch in range(1, epochs + 1):
        net.train()
        total, steps, started = 0.0, 0, time.time()
        for ids, lengths, tgt, w in batches(examples, t.batch_size, rng):
            loss = net.loss(torch.from_numpy(ids), torch.from_numpy(lengths), torch.from_numpy(tgt),
                            torch.from_numpy(w), t.pos_weight)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, t.clip)
            opt.step()
            total, steps = total + loss.item(), steps + 1
        for g in opt.param_groups:
            g["lr"] *= t.lr_decay
        row = {"stage": stage, "epoch": epoch, "loss": round(total / max(steps, 1), 4),
               "examples": len(examples), "seconds": round(time.time() - started, 1)}
        rows.append(row)
        log.info("pointer %s epoch %d loss %.4f (%.0fs)", stage, epoch, row["loss"], row["seconds"])
        if t.max_minutes and time.time() - began > 60 * t.max_minutes:
            break


def split_parts(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    part_b = [r for r in records if str(r["id"]).startswith(TARGET_PREFIX)]
    return [r for r in records if not str(r["id"]).startswith(TARGET_PREFIX)], part_b


def fit_base(cfg: PointerTrainConfig, records: list[dict[str, Any]], unlabelled: list[str] | None = None
             ) -> tuple[PointerNet, CharVocab, dict[str, Any]]:
    """Stage 1: (optional masked-char pre-training, then) part a plus part b × ``part_b_oversample``.

    The vocabulary comes from the part-a and unlabelled texts only, so a part-a-only base is the same
    for every CV fold and never saw a part-b text.
    """
    t = cfg.train
    torch.set_num_threads(t.threads)
    random.seed(t.seed)
    np.random.seed(t.seed)
    torch.manual_seed(t.seed)
    norm = Normalisation.load(cfg.data.normalise)
    unlabelled = unlabelled or []
    part_a, part_b = split_parts(records)
    vocab = CharVocab.build([r["text"] for r in part_a] + unlabelled)
    net = build_net(cfg, vocab)
    history: dict[str, Any] = {"n_records": len(records), "n_part_a": len(part_a), "epochs": []}
    if t.pretrain_steps:
        history["pretrain_loss"] = pretrain(net, vocab, unlabelled + [r["text"] for r in part_a], cfg)
    examples = make_examples(part_a, vocab, norm) + make_examples(part_b, vocab, norm) * cfg.data.part_b_oversample
    _epochs(net, examples, cfg, t.epochs, t.lr, "base", history["epochs"])
    return net.eval(), vocab, history


def finetune(cfg: PointerTrainConfig, net: PointerNet, vocab: CharVocab, records: list[dict[str, Any]],
             history: dict[str, Any]) -> PointerNet:
    """Stage 2: part b × ``finetune_oversample`` plus a seeded sample of part a, at ``finetune_lr``."""
    t = cfg.train
    if not t.finetune_epochs:
        return net.eval()
    norm = Normalisation.load(cfg.data.normalise)
    part_a, part_b = split_parts(records)
    sample = random.Random(t.seed).sample(part_a, min(t.finetune_part_a, len(part_a)))
    examples = make_examples(sample, vocab, norm) + make_examples(part_b, vocab, norm) * t.finetune_oversample
    history["n_part_b"] = len(part_b)
    _epochs(net, examples, cfg, t.finetune_epochs, t.finetune_lr, "finetune", history["epochs"])
    return net.eval()


def fit(cfg: PointerTrainConfig, records: list[dict[str, Any]], unlabelled: list[str] | None = None
        ) -> tuple[PointerNet, CharVocab, dict[str, Any]]:
    """Both stages on ``records`` (part a and the part-b records given); the net, vocabulary and history."""
    net, vocab, history = fit_base(cfg, records, unlabelled)
    history["n_examples"] = history["epochs"][0]["examples"] if history["epochs"] else 0
    return finetune(cfg, net, vocab, records, history), vocab, history


def torch_model(cfg: PointerTrainConfig, net: PointerNet, vocab: CharVocab) -> PointerModel:
    """An eager (torch) :class:`PointerModel` around ``net``."""
    norm = Normalisation.load(cfg.data.normalise)

    def scorer(ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return net(torch.from_numpy(ids), torch.from_numpy(lengths)).numpy()

    decoder = PointerDecoder(threshold=cfg.export.threshold, max_span=dict(cfg.export.max_span), strip_chars=norm.strip_chars,
                             max_values=dict(norm.max_values))
    return PointerModel(name=cfg.name, version=cfg.version, vocab=vocab, scorer=scorer, decoder=decoder)


def load_base(cfg: PointerTrainConfig, folder: Path) -> tuple[PointerNet, CharVocab, dict[str, Any]]:
    """A stage-1 base saved by the part-b CV run (its vocabulary, weights and history)."""
    torch.set_num_threads(cfg.train.threads)
    torch.manual_seed(cfg.train.seed)
    vocab = CharVocab.load(folder / "vocab.json")
    cfg_no_lac = cfg.model_copy(update={"model": cfg.model.model_copy(update={"lac_init": False})})
    net = build_net(cfg_no_lac, vocab)
    net.load_state_dict(torch.load(folder / "model.pt", weights_only=True))
    history = json.loads((folder / "history.json").read_text(encoding="utf-8"))
    history["base_from"] = str(folder)
    return net, vocab, history


def train_and_export(cfg: PointerTrainConfig) -> dict[str, Any]:
    """The released model: trained on every labelled record (part a + all of part b), then exported."""
    from oncostruct.engine.errors import ConfigError
    from oncostruct.training.export_pointer import export_pointer

    try:
        records = read_jsonl(cfg.data.train)
        unlabelled = [r["text"] for r in read_jsonl(cfg.data.unlabelled)] if cfg.train.pretrain_steps and cfg.data.unlabelled else None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read pointer training data: {exc}") from exc
    if cfg.train.base_from:
        net, vocab, history = load_base(cfg, Path(cfg.train.base_from))
        net = finetune(cfg, net, vocab, records, history)
    else:
        net, vocab, history = fit(cfg, records, unlabelled)
    return export_pointer(cfg, net, vocab, records, history, torch_model(cfg, net, vocab), Path(cfg.export.out_dir))
