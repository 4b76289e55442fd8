"""Train an NER model from a YAML config, score dev every epoch, export the best epoch to ONNX.

``oncostruct train ner --config training/configs/ccks2019.yaml``. Reproducible: seeds for
python, numpy and torch; the dev split is :func:`training.readers.train_dev` (seeded, by id).
"""
from __future__ import annotations

import copy
import logging
import random
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

from oncostruct.training.entity_metrics import score
from oncostruct.models.ner_inference import NerModel
from oncostruct.models.nn import NerNet
from oncostruct.models.vocab import CharVocab
from oncostruct.training.config import NerTrainConfig
from oncostruct.training.export import THRESHOLD_GRID, best_threshold, export_model, loose_predictions, spans_above
from oncostruct.training.ner_data import batches, chunk_examples
from oncostruct.training.readers import SpanExample, read_examples, train_dev

log = logging.getLogger(__name__)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def torch_scorer(net: NerNet) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def run(ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        net.eval()
        with torch.no_grad():
            return net(torch.from_numpy(ids), torch.from_numpy(lengths)).numpy()

    return run


def crf_params(net: NerNet) -> dict[str, np.ndarray]:
    if net.kind != "crf":
        return {}
    return {k: getattr(net.crf, k).detach().double().numpy() for k in ("transitions", "start", "end")}


def inference_model(cfg: NerTrainConfig, net: NerNet, vocab: CharVocab, *, confidence: bool) -> NerModel:
    return NerModel(name=cfg.name, version=cfg.version, kind=cfg.model.kind, labels=cfg.model.labels, vocab=vocab,
                    scorer=torch_scorer(net), crf=crf_params(net), window=cfg.export.window,
                    overlap=cfg.export.overlap, confidence=confidence)


def evaluate(model: NerModel, dev: list[SpanExample]) -> dict[str, Any]:
    """Strict dev scores; span models are scored at their best logit threshold (``micro.threshold``),
    the same choice export makes, so epochs are compared as they would be released."""
    gold = [ex.entities for ex in dev]
    if model.kind != "span":
        return score(gold, model.predict_raw([ex.text for ex in dev]))
    pred = loose_predictions(model, dev)
    chosen, _ = best_threshold(gold, pred, THRESHOLD_GRID)
    result = score(gold, spans_above(pred, chosen))
    result["micro"]["threshold"] = chosen
    return result


def _vocabulary(cfg: NerTrainConfig, train_ex: list[SpanExample]) -> CharVocab:
    """The warm-start model's vocabulary, or one built from the training (and ``vocab_from``) texts."""
    if cfg.train.init_from:
        return CharVocab.load(Path(cfg.train.init_from) / "vocab.json")
    extra = [ex.text for p in cfg.data.vocab_from for ex in read_examples(p)]
    return CharVocab.build([ex.text for ex in train_ex] + extra)


def build_net(cfg: NerTrainConfig, vocab: CharVocab) -> NerNet:
    m = cfg.model
    use_lac = m.lac_init and not cfg.train.init_from
    init = torch.from_numpy(vocab.init_matrix(m.emb_dim, cfg.train.seed)) if use_lac else None
    return NerNet(m.kind, len(vocab), len(m.labels), emb_dim=m.emb_dim, hidden=m.hidden, layers=m.layers,
                  dropout=m.dropout, cnn_channels=m.cnn_channels, head_dim=m.head_dim, init=init,
                  bigram_buckets=m.bigram_buckets, bigram_dim=m.bigram_dim)


def _optimizer(cfg: NerTrainConfig, net: NerNet) -> torch.optim.Optimizer:
    t = cfg.train
    emb = list(net.encoder.embed.parameters())
    crf = list(net.crf.parameters()) if net.kind == "crf" else []
    special = {id(p) for p in emb + crf}
    rest = [p for p in net.parameters() if id(p) not in special]
    groups = [{"params": rest, "lr": t.lr}, {"params": emb, "lr": t.emb_lr or t.lr}]
    if crf:
        groups.append({"params": crf, "lr": t.crf_lr or t.lr})
    return torch.optim.AdamW(groups, lr=t.lr, weight_decay=t.weight_decay)


def train(cfg: NerTrainConfig, *, export: bool = True) -> dict[str, Any]:
    """Train, keep the best dev epoch, export it; returns the manifest (or the history without export)."""
    t = cfg.train
    torch.set_num_threads(t.threads)
    seed_everything(t.seed)
    train_ex, dev_ex = train_dev(cfg.data.train, cfg.data.format, seed=cfg.data.dev_seed)
    if cfg.data.limit:
        train_ex = train_ex[:cfg.data.limit]
    vocab = _vocabulary(cfg, train_ex)
    chunks = chunk_examples(train_ex, cfg.data.max_len)
    log.info("%s: %d train docs (%d chunks), %d dev docs, vocab %d", cfg.name, len(train_ex), len(chunks), len(dev_ex), len(vocab))

    net = build_net(cfg, vocab)
    opt = _optimizer(cfg, net)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda ep: 1 / (1 + 0.05 * ep))
    rng = random.Random(t.seed)
    history: list[dict[str, Any]] = []
    best: dict[str, Any] = {"f1": -1.0}
    if t.init_from:
        net.load_state_dict(torch.load(Path(t.init_from) / "model.pt", weights_only=True))
        dev = evaluate(inference_model(cfg, net, vocab, confidence=False), dev_ex)
        history.append({"epoch": 0, "init_from": str(t.init_from), "dev": dev["micro"]})
        best = {"f1": dev["micro"]["f1"], "epoch": 0, "state": copy.deepcopy(net.state_dict()), "dev": dev}
        log.info("%s: warm start from %s, dev F1 %.4f", cfg.name, t.init_from, dev["micro"]["f1"])
    began = time.time()
    for epoch in range(1, t.epochs + 1):
        net.train()
        started, total, steps = time.time(), 0.0, 0
        for ids, lengths, tgt in batches(chunks, vocab, cfg.model.kind, cfg.model.labels, t.batch_size, rng):
            loss = net.loss(torch.from_numpy(ids), torch.from_numpy(lengths), torch.from_numpy(tgt))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), t.clip)
            opt.step()
            total, steps = total + loss.item(), steps + 1
            if t.max_steps and steps >= t.max_steps:
                break
            if t.stop_minutes and time.time() - began > 60 * t.stop_minutes:
                log.info("%s: hard stop at %.0f minutes, epoch %d cut after %d steps", cfg.name, t.stop_minutes,
                         epoch, steps)
                break
        sched.step()
        dev = evaluate(inference_model(cfg, net, vocab, confidence=False), dev_ex)
        row = {"epoch": epoch, "loss": round(total / max(steps, 1), 4), "dev": dev["micro"],
               "seconds": round(time.time() - started, 1)}
        history.append(row)
        log.info("%s epoch %d loss %.4f dev P %.4f R %.4f F1 %.4f (%.0fs)", cfg.name, epoch, row["loss"],
                 dev["micro"]["p"], dev["micro"]["r"], dev["micro"]["f1"], row["seconds"])
        if dev["micro"]["f1"] > best["f1"]:
            best = {"f1": dev["micro"]["f1"], "epoch": epoch, "state": copy.deepcopy(net.state_dict()), "dev": dev}
        elif epoch - best["epoch"] >= t.patience:
            log.info("%s: no dev gain for %d epochs, stopping", cfg.name, t.patience)
            break
        if any(m and time.time() - began > 60 * m for m in (t.max_minutes, t.stop_minutes)):
            log.info("%s: time budget spent after %.0f minutes, stopping", cfg.name, (time.time() - began) / 60)
            break
    net.load_state_dict(best["state"])
    net.eval()
    if not export:
        return {"history": history, "best_epoch": best["epoch"], "dev": best["dev"]}
    return export_model(cfg, net, vocab, dev_ex, history=history, best_epoch=best["epoch"],
                        n_train=len(train_ex), out_dir=Path(cfg.export.out_dir))
