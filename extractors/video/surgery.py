"""The ``surgical_video`` component: a video file → ``procedure_video.*`` Fields and a ProcedureVideoView.

Probe (``probe``), stream sampled frames (``decode``, 1 fps by default), score each frame with the
EfficientNet-Lite0 model (``models.video_frames``: instrument and verb heads) and the quality
heuristics (``quality``), smooth into segments (``temporal``), choose key frames (``sample``,
``keyframes``). Every Field carries :class:`VideoTime` provenance. A file that does not decode at all
raises :class:`VideoError` (an error entry in a batch); a truncated or damaged one gives a partial
record covering the decodable span with a ``video.partial`` / ``video.decode_errors`` issue.
"""
from __future__ import annotations

import logging
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np
from pydantic import BaseModel, ConfigDict, Field as OptionField

from oncostruct.engine.catalogue import make_issue
from oncostruct.engine.cdm import (Field, InstrumentSpan, Issue, KeyFrame, ProcedureVideoView, Source, VideoQuality,
                                   VideoSegment, VideoTime)
from oncostruct.engine.errors import ConfigError, InputError, MissingDependencyError, VideoError
from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput
from oncostruct.extractors.video import keyframes, temporal
from oncostruct.extractors.video.analyse import Analysis, analyse
from oncostruct.extractors.video.decode import DecodeOptions, sample_step
from oncostruct.extractors.video.probe import VideoInfo, probe
from oncostruct.extractors.video.quality import KINDS

log = logging.getLogger(__name__)


class VideoOptions(BaseModel):
    """Options of the surgical-video component (``Settings.components.surgical_video``)."""

    model_config = ConfigDict(extra="forbid")
    decode: DecodeOptions = OptionField(default_factory=DecodeOptions)
    model: str | None = OptionField("video_lite0", description="released frame model, or a folder; None: no model")
    batch_size: int = OptionField(32, gt=0, description="frames per model run")
    threads: int | None = OptionField(1, gt=0, description="ONNX Runtime intra-op threads (None: its default); 1 "
                                      "leaves the other cores to the ffmpeg decoder running at the same time")
    smooth_window: int = OptionField(5, ge=1, description="sampled frames in the moving average before segmenting")
    min_segment_frames: int = OptionField(3, ge=1, description="shorter runs join the segment before them")
    instrument_threshold: float = OptionField(0.5, ge=0, le=1)
    quality_threshold: float = OptionField(0.5, ge=0, le=1, description="a frame is flagged at this probability")
    low_quality_share: float = OptionField(0.5, ge=0, le=1, description="video.low_quality when this share is flagged")
    scene_threshold: float = OptionField(0.35, gt=0, le=1, description="colour-histogram distance starting a scene")
    max_key_frames: int = OptionField(12, ge=1)
    key_frame_dir: str | None = OptionField(None, description="write key frames here as JPEGs (batch: OUT/keyframes)")
    embeddings_dir: str | None = OptionField(None, description="write frame embeddings here as Parquet")
    partial_tolerance_s: float = OptionField(2.0, ge=0, description="decoding ending earlier than this before the "
                                             "stated duration makes the record partial")
    parallel: int = OptionField(2, ge=1, le=16, description="videos of a batch structured at once by pipe(): one's "
                                "ffmpeg decodes while another's frames are scored (each video its own ffmpeg process)")


class SurgicalVideoExtractor(BaseComponent):
    """Sampled frames, image model and heuristics → segments, instrument spans, key frames and quality."""

    name = "surgical-video"
    version = "1"
    view_name = "procedure_video"
    modalities = ("video",)
    Options = VideoOptions
    options: VideoOptions

    def __init__(self, options: VideoOptions | None = None, **overrides: Any) -> None:
        super().__init__(options, **overrides)
        self._meta = Source(kind="rule", name="ffprobe", version="1")
        self._rule = Source(kind="rule", name="video-quality-heuristics", version=self.version)

    def model(self):
        """The frame model (loaded once per process), or None when switched off or unavailable."""
        if self.options.model is None:
            return None
        from oncostruct.models.video_frames import load_frame_model

        return load_frame_model(self.options.model, self.options.threads)

    def pipe(self, docs: Iterable[ExtractionInput]) -> Iterator[Extraction | InputError]:
        """Videos of a batch, ``parallel`` at a time, in order; an unusable one yields its InputError (the
        pipeline makes it an error entry) without redoing the others."""
        docs = list(docs)
        if len(docs) <= 1 or self.options.parallel <= 1:
            yield from (self.extract(d) for d in docs)
            return
        try:
            self.model()  # load once, before the threads
        except (ConfigError, MissingDependencyError, OSError):
            pass  # extract() reports it per document
        with ThreadPoolExecutor(min(self.options.parallel, len(docs)), thread_name_prefix="video") as pool:
            yield from pool.map(self._extract_or_error, docs)

    def _extract_or_error(self, doc: ExtractionInput) -> Extraction | InputError:
        try:
            return self.extract(doc)
        except InputError as exc:
            return exc

    def extract(self, doc: ExtractionInput) -> Extraction:
        with _as_file(doc) as path:
            info = probe(path, doc.name)
            issues: list[Issue] = []
            try:
                model = self.model()
            except (ConfigError, MissingDependencyError, OSError) as exc:
                model = None
                issues.append(make_issue("model.unavailable", f"video frame model: {getattr(exc, 'message', exc)}"))
            result = analyse(path, info, self.options.decode, model, self.options.batch_size,
                             keep_features=self.options.embeddings_dir is not None)
            result.report.errors = [e.replace(str(path), doc.name) for e in result.report.errors]
            fields, more = self.fields(doc, path, info, result, model)
        return Extraction(fields=fields, issues=issues + more)

    # --- fields ---------------------------------------------------------------------------------

    def fields(self, doc: ExtractionInput, path: Path, info: VideoInfo, res: Analysis, model) -> tuple[list[Field], list[Issue]]:
        opts = self.options
        step = sample_step(info, opts.decode)
        end = res.report.last_t + step if res.report.last_t is not None else 0.0
        end = min(end, info.duration_s) if info.duration_s else end
        issues = self._decode_issues(doc.name, info, res, end)
        whole = VideoTime(t_start=0.0, t_end=max(info.duration_s, 0.0), frame=0)
        out = [Field(name="procedure_video.duration_s", value=info.duration_s, normalized=info.duration_s, unit="s",
                     confidence=1.0, provenance=[whole], source=self._meta),
               Field(name="procedure_video.metadata", value=None, confidence=1.0, provenance=[whole], source=self._meta,
                     attributes={"seconds": {"decode": round(res.report.seconds, 4),
                                             **{k: round(v, 4) for k, v in res.seconds.items()}}},
                     normalized={"fps": round(info.fps, 4), "avg_fps": round(info.avg_fps, 4),
                                 "variable_fps": info.variable_fps, "width": info.width, "height": info.height,
                                 "codec": info.codec, "rotation": info.rotation, "frames_sampled": len(res.times),
                                 "decoded_until_s": round(end, 3)})]
        if not res.times:
            return out, issues
        idx = res.indices
        msource = Source(kind="model", name=f"{model.manifest.get('name', 'video')}@{model.version}",
                         version=model.version) if model is not None else None
        if model is not None and "verb" in model.heads:
            head = model.heads["verb"]
            for i, s in enumerate(temporal.segments(res.times, res.head("verb"), head.classes, end,
                                                    opts.smooth_window, opts.min_segment_frames)):
                out.append(self._span_field(f"procedure_video.segments[{i}]", "label", s, idx, msource))
        if model is not None and "instrument" in model.heads:
            head, probs = model.heads["instrument"], res.head("instrument")
            spans = [s for k, c in enumerate(head.classes)
                     for s in temporal.spans(res.times, probs[:, k], c, end, opts.instrument_threshold, opts.smooth_window,
                                             opts.min_segment_frames)]
            for i, s in enumerate(sorted(spans, key=lambda s: (s.t_start, s.label))):
                out.append(self._span_field(f"procedure_video.instruments[{i}]", "name", s, idx, msource))
        out += self._quality_fields(res, end, issues, doc.name)
        out += self._key_frame_fields(doc, path, res)
        if opts.embeddings_dir and res.features:
            from oncostruct.extractors.video.embeddings import write_embeddings

            write_embeddings(Path(opts.embeddings_dir) / f"{keyframes.safe_stem(Path(doc.name).stem)}.parquet",
                             doc.name, res.times, res.indices, np.concatenate(res.features))
        return out, issues

    def _span_field(self, name: str, key: str, s: temporal.Segment, idx: list[int], source: Source | None) -> Field:
        return Field(name=name, value=s.label, normalized={key: s.label, "t_start": round(s.t_start, 3),
                                                           "t_end": round(s.t_end, 3)},
                     confidence=round(min(max(s.confidence, 0.0), 1.0), 4), inferred=True,
                     provenance=[VideoTime(t_start=round(s.t_start, 3), t_end=round(s.t_end, 3), frame=idx[s.first])],
                     source=source or self._rule)

    def _quality_fields(self, res: Analysis, end: float, issues: list[Issue], name: str) -> list[Field]:
        thr = self.options.quality_threshold
        probs = {k: res.quality_of(k) for k in KINDS}
        mean = {k: round(float(p.mean()), 4) for k, p in probs.items()}
        flagged = {k: round(float((p >= thr).mean()), 4) for k, p in probs.items()}
        out = [Field(name="procedure_video.quality", value=None, confidence=1.0, source=self._rule,
                     normalized={"frames": len(res.times), "mean": mean, "flagged": flagged},
                     provenance=[VideoTime(t_start=0.0, t_end=round(end, 3), frame=res.indices[0])])]
        spans = [s for k in KINDS for s in temporal.spans(res.times, probs[k], k, end, thr, 1, 1)]
        for i, s in enumerate(sorted(spans, key=lambda s: (s.t_start, s.label))):
            out.append(self._span_field(f"procedure_video.quality_segments[{i}]", "label", s, res.indices, self._rule))
        any_flag = np.max(np.stack([probs[k] for k in KINDS]), axis=0) >= thr
        if any_flag.mean() >= self.options.low_quality_share:
            worst = max(flagged, key=flagged.get)
            issues.append(make_issue("video.low_quality", f"{name}: {any_flag.mean():.0%} of sampled frames are flagged "
                                     f"(most: {worst}, {flagged[worst]:.0%})"))
        return out

    def _key_frame_fields(self, doc: ExtractionInput, path: Path, res: Analysis) -> list[Field]:
        opts = self.options
        chosen = keyframes.choose(res.times, res.indices, res.scene, opts.scene_threshold, opts.max_key_frames)
        out = []
        for i, k in enumerate(chosen):
            jpeg = None
            if opts.key_frame_dir:
                target = Path(opts.key_frame_dir) / keyframes.file_name(Path(doc.name).stem, k["t"])
                jpeg = str(target) if keyframes.write_jpeg(path, k["t"], target) else None
            out.append(Field(name=f"procedure_video.key_frames[{i}]", value=k["t"], confidence=1.0, source=self._rule,
                             normalized={"t": k["t"], "frame": k["frame"], "reason": k["reason"], "path": jpeg},
                             provenance=[VideoTime(t_start=k["t"], t_end=k["t"], frame=k["frame"])],
                             attributes={"scene_score": k["score"]}))
        return out

    def _decode_issues(self, name: str, info: VideoInfo, res: Analysis, end: float) -> list[Issue]:
        rep, issues = res.report, []
        if not res.times:
            raise VideoError(f"{name}: no frame could be decoded"
                             + (f" ({rep.errors[-1]})" if rep.errors else " (empty, truncated or unsupported stream)"))
        if info.duration_s and end < info.duration_s - self.options.partial_tolerance_s:
            issues.append(make_issue("video.partial", f"{name}: decodes from 0 to {end:.2f} s of {info.duration_s:.2f} s "
                                     "(truncated or damaged); the record covers the decodable span"))
        if rep.errors:
            issues.append(make_issue("video.decode_errors", f"{name}: ffmpeg reported {len(rep.errors)} problem(s), "
                                     f"last: {rep.errors[-1][:200]}"))
        if info.variable_fps:
            issues.append(make_issue("video.variable_fps", f"{name}: variable frame rate (nominal {info.fps:.3g} fps, "
                                     f"average {info.avg_fps:.3g} fps)"))
        return issues

    # --- view ----------------------------------------------------------------------------------

    def build_view(self, fields: list[Field]) -> ProcedureVideoView:
        view = ProcedureVideoView()
        for f in fields:
            n, v = f.name, f.normalized
            if n == "procedure_video.duration_s":
                view.duration_s = v
            elif n == "procedure_video.metadata" and isinstance(v, dict):
                view.fps, view.variable_fps, view.width, view.height = v["fps"], v["variable_fps"], v["width"], v["height"]
                view.codec, view.rotation, view.decoded_until_s = v["codec"], v["rotation"], v["decoded_until_s"]
            elif n.startswith("procedure_video.segments["):
                view.segments.append(VideoSegment(label=v["label"], t_start=v["t_start"], t_end=v["t_end"],
                                                  confidence=f.confidence))
            elif n.startswith("procedure_video.instruments["):
                view.instruments.append(InstrumentSpan(name=v["name"], t_start=v["t_start"], t_end=v["t_end"],
                                                       confidence=f.confidence))
            elif n.startswith("procedure_video.key_frames["):
                view.key_frames.append(KeyFrame(t=v["t"], frame=v["frame"], reason=v["reason"], path=v["path"]))
            elif n == "procedure_video.quality" and isinstance(v, dict):
                view.quality = VideoQuality(**v)
            elif n.startswith("procedure_video.quality_segments["):
                view.quality_segments.append(VideoSegment(label=v["label"], t_start=v["t_start"], t_end=v["t_end"],
                                                          confidence=f.confidence))
        return view


@contextmanager
def _as_file(doc: ExtractionInput) -> Iterator[Path]:
    """The video as a file path: its own, or its bytes written to a temporary file (REST uploads)."""
    if doc.path is not None:
        yield Path(doc.path)
        return
    if not doc.data:
        raise VideoError(f"{doc.name}: the video came without a path or bytes (zero-length?)")
    fd, tmp = tempfile.mkstemp(suffix=Path(doc.name).suffix or ".mp4", prefix="oncostruct-video-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(doc.data)
        yield Path(tmp)
    finally:
        os.unlink(tmp)
