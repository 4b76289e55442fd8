"""Shared helpers of the serving tests: app construction and readiness polling."""
from __future__ import annotations

import time
from typing import Any, Callable

from oncostruct.engine.settings import ApiSettings, Settings

ADMIN_KEY, READER_KEY = "test-admin-key", "test-reader-key"
API_KEYS = f"{ADMIN_KEY}:admin,{READER_KEY}:reader"
ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}
READER = {"Authorization": f"Bearer {READER_KEY}"}


def api_settings(**api: Any) -> Settings:
    limits = {"max_body_bytes": 200_000, "max_text_chars": 20_000, "threads": 2, "max_job_documents": 5, **api}
    return Settings(api=ApiSettings(**limits))


def wait_for(get_status: Callable[[], int], want: int = 200, attempts: int = 300) -> None:
    """Poll until ``get_status()`` returns ``want`` (bounded; no timing is asserted)."""
    for _ in range(attempts):
        if get_status() == want:
            return
        time.sleep(0.05)
    raise AssertionError(f"status {want} never reached")
