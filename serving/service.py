"""The service state built once per server process: settings, store, pipeline, metrics, limits, jobs."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import anyio

from engine.cdm import DocType
from engine.extractor_registry import DEFAULT_EXTRACTORS, load_extractor
from engine.settings import Settings
from serving.metrics import Metrics, TimedPipeline
from serving.store import Store

log = logging.getLogger(__name__)

# One short document per extractor: structuring it loads the extractor's rule packs and models.
_WARMUP_TEXT: dict[DocType, str] = {
    DocType.pathology: "病理诊断：（左肺下叶）浸润性腺癌，肿瘤大小2.5×2.0cm，淋巴结（1/10）见癌转移。pT1cN1。",
    DocType.petct: "检查所见：右肺上叶结节，FDG摄取增高，SUVmax 6.1。诊断意见：右肺上叶结节，考虑肺癌。",
    DocType.ct: "CT平扫：右肺上叶见结节灶，大小约1.2cm。",
    DocType.discharge: "出院小结 入院日期：2023-03-01 出院日期：2023-03-12。出院诊断：肺腺癌。",
    DocType.other: "患者因咳嗽就诊。",
}


@dataclass
class Readiness:
    status: str = "loading"  # loading | ready | failed
    extractors: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class Service:
    settings: Settings
    store: Store
    metrics: Metrics
    engine: TimedPipeline
    limiter: anyio.CapacityLimiter
    jobs: ThreadPoolExecutor
    readiness: Readiness
    env_keys: dict[str, str]

    @classmethod
    def build(cls, settings: Settings, env_keys: dict[str, str]) -> Service:
        metrics = Metrics()
        api = settings.api
        return cls(settings=settings, env_keys=env_keys, store=Store(api.db_url, api.memory_max_records), metrics=metrics, engine=TimedPipeline(settings, metrics),
                   limiter=anyio.CapacityLimiter(api.threads),
                   jobs=ThreadPoolExecutor(max_workers=1, thread_name_prefix="oncostruct-job"), readiness=Readiness())

    def warm_up(self) -> Readiness:
        """Load every registered extractor and structure one tiny document with it."""
        for doc_type, target in DEFAULT_EXTRACTORS.items():
            try:
                extractor = load_extractor(target)
                if doc_type in _WARMUP_TEXT:
                    self.engine.extract_text(_WARMUP_TEXT[doc_type], doc_type=doc_type)
            except Exception as exc:  # noqa: BLE001 - reported by /readyz
                log.exception("warm-up of %s failed", target)
                self.readiness.errors.append(f"{doc_type.value}: {type(exc).__name__}: {exc}")
                continue
            self.readiness.extractors[doc_type.value] = f"{extractor.name} {extractor.version}"
            self.metrics.models.labels(doc_type.value, extractor.name, extractor.version).set(1)
        self.readiness.status = "failed" if self.readiness.errors else "ready"
        return self.readiness

    def close(self) -> None:
        self.jobs.shutdown(wait=False, cancel_futures=True)
        self.store.close()
