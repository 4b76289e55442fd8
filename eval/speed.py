"""``oncostruct bench speed --task ner``: characters per second, ONNX Runtime vs PyTorch eager, batch 1 and 32.

Both runtimes score the same released weights through the same windowing and numpy decoding
(:class:`models.ner_inference.NerModel`), so the figures differ only by the encoder runtime.
Texts come from ``--data`` (span JSONL) or, without it, from a built-in synthetic EMR passage.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

SYNTHETIC = (
    "患者因“右肺上叶腺癌”于2023-03-02在全麻下行胸腔镜右肺上叶切除术+纵隔淋巴结清扫术，术后病理示：浸润性腺癌，"
    "大小2.5×2.0cm，淋巴结未见转移。术后复查胸部CT未见复发，血常规、肝肾功能正常，CEA 3.2ng/ml。"
    "予培美曲塞500mg+顺铂75mg化疗4周期，辅以昂丹司琼止吐、还原型谷胱甘肽护肝治疗。"
)


def _texts(data: Path | None, n: int = 64) -> list[str]:
    if data is None or not Path(data).is_file():
        return [SYNTHETIC[i % 40:] + SYNTHETIC[:i % 40] for i in range(n)]
    from oncostruct.training.readers import read_span_jsonl

    return [ex.text for ex in read_span_jsonl(Path(data))[:n]]


def _eager_scorer(model_dir: Path):
    import torch

    from oncostruct.models.nn import net_from_state
    from oncostruct.training.train_ner import torch_scorer

    man = json.loads((model_dir / "manifest.json").read_text(encoding="utf-8"))
    state = torch.load(model_dir / "model.pt", map_location="cpu")
    return torch_scorer(net_from_state(man["config"]["model"], state))


def _cps(model: Any, texts: list[str], batch_size: int) -> float:
    model.batch_size = batch_size
    model.predict(texts[:4])  # warm-up
    started = time.perf_counter()
    model.predict(texts)
    return round(sum(map(len, texts)) / (time.perf_counter() - started), 1)


def run(data: Path | None, model: str | None, task: str = "ner", threads: int | None = None) -> dict[str, Any]:
    import copy

    from oncostruct.models.ner_inference import load_model_dir
    from oncostruct.models.registry import model_path

    if task != "ner":
        raise ValueError(f"speed bench supports task 'ner' only, not {task!r}")
    path = model_path(model or "ccks2019")
    onnx_model = load_model_dir(path, threads)
    eager_model = copy.copy(onnx_model)
    eager_model.scorer = _eager_scorer(path)
    if threads:
        import torch

        torch.set_num_threads(threads)
    texts = _texts(data)
    results = {
        f"{name}_batch{bs}": _cps(m, texts, bs)
        for name, m in (("onnx", onnx_model), ("torch_eager", eager_model)) for bs in (1, 32)
    }
    return {"task": "speed", "subtask": "ner", "model": onnx_model.name, "n_texts": len(texts),
            "n_chars": sum(map(len, texts)), "unit": "chars_per_sec", "results": results}
