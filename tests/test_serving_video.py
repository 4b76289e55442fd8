"""REST: a surgical video uploaded to /v1/extract (size limit) and as a background job with progress (/v1/uploads)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from oncostruct.extractors.video.synthetic import sample_clip, truncated  # noqa: E402
from oncostruct.serving.main import create_app  # noqa: E402
from tests.serving_helpers import API_KEYS, READER, api_settings, wait_for  # noqa: E402


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_clip(tmp_path_factory.mktemp("rest_video") / "clip.mp4")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = api_settings(max_body_bytes=2_000_000, timeout_s=120)
    with TestClient(create_app(settings, api_keys=API_KEYS), raise_server_exceptions=False) as c:
        wait_for(lambda: c.get("/readyz").status_code, attempts=1200)
        yield c


def test_video_upload_is_structured(client: TestClient, clip: Path) -> None:
    resp = client.post("/v1/extract", files={"file": ("clip.mp4", clip.read_bytes(), "video/mp4")}, headers=READER)
    assert resp.status_code == 200, resp.text
    record = resp.json()
    assert record["document"]["doc_type"] == "surgical_video"
    assert record["procedure_video"]["duration_s"] == pytest.approx(11.0, abs=0.05)
    assert [k["t"] for k in record["procedure_video"]["key_frames"]] == [0.0, 4.0, 8.0]


def test_video_over_the_body_limit_is_413(client: TestClient) -> None:
    resp = client.post("/v1/extract", files={"file": ("big.mp4", b"\x00" * 2_100_000, "video/mp4")}, headers=READER)
    assert resp.status_code == 413


def test_video_job_runs_with_progress(client: TestClient, clip: Path, tmp_path: Path) -> None:
    resp = client.post("/v1/uploads", files={"file": ("clip.mp4", clip.read_bytes(), "video/mp4")},
                       data={"doc_type": "surgical_video"}, headers=READER)
    assert resp.status_code == 202, resp.text
    assert resp.json()["total"] == 1 and resp.json()["progress"] == 0.0
    url = resp.headers["location"]
    wait_for(lambda: 200 if client.get(url, headers=READER).json()["status"] == "succeeded" else 0, attempts=2400)
    job = client.get(url, headers=READER).json()
    assert (job["done"], job["failed"], job["progress"]) == (1, 0, 1.0)
    rec = client.get(f"/v1/records/{job['record_ids'][0]}", headers=READER).json()
    assert rec["procedure_video"]["fps"] == 25.0
    bad = truncated(clip, tmp_path / "bad.mp4", keep=0.02)
    resp = client.post("/v1/uploads", files={"file": ("bad.mp4", bad.read_bytes(), "video/mp4")}, headers=READER)
    url = resp.headers["location"]
    wait_for(lambda: 200 if client.get(url, headers=READER).json()["status"] == "succeeded" else 0, attempts=2400)
    job = client.get(url, headers=READER).json()
    assert job["failed"] == 1 and job["errors"][0]["error"]["code"] in ("E120", "E102")
