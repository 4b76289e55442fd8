"""``GET /v1/patients/{id}`` over a store of ``--records`` records: each request assembling every record (as
before) versus the linked patients kept per owner and records version (serving/patient_cache.py).

The bundled text samples are structured once; their records are stored ``--records`` times under new doc
ids, ``--per-patient`` documents per explicit patient id, all owned by one reader key. In the same run:

* ``before_s``: what each request did before: read and parse every record, assemble every patient, pick one
  (``assemble(store.iter_records(owner))``, timed directly), median of ``--repeat``;
* ``uncached_s``: a request after the cache was emptied (parse everything, link, assemble one patient), median of
  ``--repeat``;
* ``cached_ms``: a request with the records unchanged, median of ``--repeat``;
* ``after_new_record_s``: a request right after one more record was stored (parse it, link again, assemble the
  patient).

    .venv/bin/python benchmarks/bench_patients.py [--records 8000] [--per-patient 8] [--repeat 5] [--out R.json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from oncostruct.engine.assembly import assemble  # noqa: E402
from oncostruct.engine.cli_support import samples_dir  # noqa: E402
from oncostruct.engine.pipeline import Pipeline  # noqa: E402
from oncostruct.engine.settings import ApiSettings, Settings  # noqa: E402
from oncostruct.serving.auth import hash_key, key_id  # noqa: E402
from oncostruct.serving.main import create_app  # noqa: E402
from oncostruct.serving.patient_cache import PatientCache  # noqa: E402

KEY = "bench-reader-key"
HEADERS = {"Authorization": f"Bearer {KEY}"}


def templates() -> list[dict[str, Any]]:
    """The bundled text samples structured once, as stored JSON bodies."""
    pipeline = Pipeline()
    return [json.loads(pipeline.extract_path(p).model_dump_json()) for p in sorted(samples_dir().glob("*.txt"))]


def record(template: dict[str, Any], i: int, per_patient: int) -> dict[str, Any]:
    doc = {**template["document"], "doc_id": f"d{i:06d}", "patient_id": f"P{i // per_patient:05d}",
           "source_sha256": f"{i:064x}"}
    return {**template, "document": doc}


def _median_s(fn: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(n_records: int, per_patient: int, repeat: int) -> dict[str, Any]:
    bodies = templates()
    settings = Settings(api=ApiSettings(isolate=False, memory_max_records=n_records + 10))
    with TestClient(create_app(settings, api_keys=f"{KEY}:reader", warm_up=False)) as client:
        service, owner = client.app.state.service, key_id(hash_key(KEY))
        for i in range(n_records):
            service.store.put_record(record(bodies[i % len(bodies)], i, per_patient), owner=owner)
        target = f"/v1/patients/P{(n_records // per_patient) // 2:05d}"

        def get() -> None:
            resp = client.get(target, headers=HEADERS)
            assert resp.status_code == 200, resp.text

        def before() -> None:
            pid = target.rsplit("/", 1)[1]
            assert any(p.patient_id == pid for p in assemble(service.store.iter_records(owner)))

        def uncached() -> None:
            service.patients = PatientCache()
            get()

        old = _median_s(before, repeat)
        cold = _median_s(uncached, repeat)
        get()  # fills the cache
        warm = _median_s(get, repeat)
        service.store.put_record(record(bodies[0], n_records, per_patient), owner=owner)
        after_new = _median_s(get, 1)
        cache = service.patients
    return {"records": n_records, "patients": -(-n_records // per_patient), "repeat": repeat,
            "before_s": round(old, 3), "uncached_s": round(cold, 3), "cached_ms": round(warm * 1000, 2),
            "after_new_record_s": round(after_new, 3), "speedup_before_over_cached": round(old / warm, 1),
            "speedup_before_over_after_new_record": round(old / after_new, 1),
            "last_cache": {"links": cache.links, "parsed": cache.parsed, "assembled": cache.assembled}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=8000)
    parser.add_argument("--per-patient", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = run(args.records, args.per_patient, args.repeat)
    line = json.dumps(result)
    print(line)
    if args.out:
        args.out.write_text(line + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
