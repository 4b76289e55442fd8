"""The worker-process pool: results, errors, a timeout that stops C-level regex work, replacement."""
from __future__ import annotations

import pytest

from oncostruct.engine.worker_pool import TaskTimeout, WorkerPool
from tests import worker_tasks as tasks


@pytest.fixture(scope="module")
def pool() -> WorkerPool:
    with WorkerPool(1, tasks.init_state, (40,)) as p:
        yield p


def test_tasks_run_on_the_state_built_once(pool: WorkerPool) -> None:
    assert pool.run(tasks.add, 2) == 42
    assert pool.run(tasks.pid) == pool.run(tasks.pid) == pool.pids()[0]


def test_task_errors_come_back_as_themselves(pool: WorkerPool) -> None:
    with pytest.raises(ValueError, match="boom"):
        pool.run(tasks.fail, "boom")
    assert pool.run(tasks.add, 1) == 41


def test_a_task_stuck_in_a_regex_is_killed_and_its_worker_replaced(pool: WorkerPool) -> None:
    before = pool.run(tasks.pid)
    with pytest.raises(TaskTimeout, match="0.5 s"):
        pool.run(tasks.backtrack, 40, timeout_s=0.5)
    after = pool.run(tasks.pid)
    assert after != before and pool.pids() == [after]
    assert pool.run(tasks.add, 0) == 40
