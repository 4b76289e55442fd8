"""A pool of worker processes with a per-task timeout: CPU-bound work that can be stopped.

A Python thread cannot be interrupted while a regular expression holds the GIL; a process
can be killed. Each worker is a ``spawn``-ed process that builds its state once
(``initializer(*initargs)``, e.g. a Pipeline) and then runs ``fn(state, *args)`` per task.
:meth:`WorkerPool.run` waits for the answer with a timeout; on timeout it kills that worker,
starts a replacement and raises :class:`TaskTimeout`. The waiting parent never holds the GIL.

Workers never outlive their parent: on Linux each asks the kernel for SIGKILL when its parent
dies (``PR_SET_PDEATHSIG``, which works even while the worker is stuck in C code), and every
worker also runs a watchdog thread that exits when its parent process id changes.
All workers are started from one long-lived thread of the pool, because the kernel ties
``PR_SET_PDEATHSIG`` to the thread that created the child.
"""
from __future__ import annotations

import ctypes
import logging
import os
import queue
import signal
import sys
import threading
import time
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import Any, Callable, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

_PR_SET_PDEATHSIG = 1
_WATCHDOG_PERIOD_S = 0.2


class TaskTimeout(Exception):
    """A task ran past its time limit; its worker was killed and replaced."""

    def __init__(self, timeout_s: float) -> None:
        super().__init__(f"task did not finish within {timeout_s:g} s; its worker was stopped")
        self.timeout_s = timeout_s


class WorkerCrashed(Exception):
    """A worker died while running a task (killed, out of memory, or its state failed to build)."""


class _RemoteError(Exception):
    """An exception from a worker that could not be sent back as itself."""


# --- the worker process ---------------------------------------------------------------------


def _die_with_parent(parent_pid: int) -> None:
    """Exit as soon as the parent is gone: kernel signal on Linux, plus a polling watchdog thread."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            pass
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(_WATCHDOG_PERIOD_S)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _sendable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any unpicklable exception travels as its text
        return _RemoteError(f"{type(exc).__name__}: {exc}")


def _worker_main(conn: Connection, parent_pid: int, initializer: Callable[..., Any] | None, initargs: tuple) -> None:
    _die_with_parent(parent_pid)
    try:
        state = initializer(*initargs) if initializer else None
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which gives up on this pool
        conn.send((False, _sendable(exc)))
        return
    conn.send((True, os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, args = task
        try:
            reply = (True, fn(state, *args))
        except BaseException as exc:  # noqa: BLE001 - every task failure goes back to the caller
            reply = (False, _sendable(exc))
        conn.send(reply)


# --- the parent side ------------------------------------------------------------------------


class _Worker:
    def __init__(self, process: Any, conn: Connection) -> None:
        self.process, self.conn = process, conn

    def kill(self) -> None:
        """Kill and reap the process and close its pipe; safe to call twice, from two threads at once."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        try:
            self.conn.close()
        except OSError:  # closed meanwhile by the other caller (close() racing a start-up failure)
            pass


class WorkerPool:
    """``size`` spawn-ed worker processes; :meth:`run` sends one task to an idle worker and waits."""

    def __init__(self, size: int, initializer: Callable[..., Any] | None = None, initargs: tuple = (), *,
                 start_timeout_s: float = 300.0) -> None:
        if size < 1:
            raise ValueError(f"a worker pool needs at least one worker, not {size}")
        self.size, self._init, self._start_timeout_s = size, (initializer, initargs), start_timeout_s
        self._ctx = get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._broken: BaseException | None = None
        self._to_start: queue.Queue[bool] = queue.Queue()
        self._spawner = threading.Thread(target=self._spawn_loop, name="worker-spawner", daemon=True)
        self._spawner.start()
        for _ in range(size):
            self._to_start.put(True)

    # The one thread that creates workers (PR_SET_PDEATHSIG follows the creating thread).
    def _spawn_loop(self) -> None:
        while self._to_start.get() and not self._closed:
            ours, theirs = self._ctx.Pipe()
            process = self._ctx.Process(target=_worker_main, name="oncostruct-worker", daemon=True,
                                        args=(theirs, os.getpid(), *self._init))
            process.start()
            theirs.close()
            worker = _Worker(process, ours)
            with self._lock:
                self._live.add(worker)
            threading.Thread(target=self._await_ready, args=(worker,), daemon=True).start()

    def _await_ready(self, worker: _Worker) -> None:
        try:
            ready = worker.conn.poll(self._start_timeout_s)
            ok, value = worker.conn.recv() if ready else (False, WorkerCrashed("worker did not start in time"))
        except (EOFError, OSError):
            ok, value = False, WorkerCrashed("worker died while starting")
        if ok and not self._closed:
            self._idle.put(worker)
            return
        if not ok and not self._closed:  # a worker stopped by close() while starting is not a failure
            log.error("a worker failed to start: %s", value)
            self._broken = value
        self._discard(worker)

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._live.discard(worker)
        worker.kill()

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        if not self._closed:
            self._to_start.put(True)

    def _take(self) -> _Worker:
        while True:
            if self._closed:
                raise RuntimeError("the worker pool is closed")
            if self._broken is not None:
                raise WorkerCrashed(f"workers cannot start: {self._broken}") from self._broken
            try:
                return self._idle.get(timeout=0.1)
            except queue.Empty:
                continue

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return [w.process.pid for w in self._live if w.process.pid is not None]

    def wait_ready(self, timeout_s: float | None = None) -> None:
        """Block until every worker has started (or one failed, which raises)."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while self._idle.qsize() < self.size:
            if self._broken is not None:
                raise WorkerCrashed(f"workers cannot start: {self._broken}") from self._broken
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError("workers did not start in time")
            time.sleep(0.05)

    def run(self, fn: Callable[..., T], *args: Any, timeout_s: float | None = None) -> T:
        """``fn(state, *args)`` in a worker; :class:`TaskTimeout` after ``timeout_s`` (None: no limit).

        ``fn`` must be importable by name (a module-level function), ``args`` picklable.
        The time limit counts from when a worker takes the task, not from the call.
        """
        worker = self._take()
        try:
            worker.conn.send((fn, args))
            if not worker.conn.poll(timeout_s):
                self._replace(worker)
                raise TaskTimeout(timeout_s or 0.0)
            ok, value = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise WorkerCrashed(f"a worker died while running a task ({type(exc).__name__})") from None
        self._idle.put(worker)
        if ok:
            return value
        raise value

    def close(self) -> None:
        """Stop every worker (idle ones are asked to exit, busy ones are killed)."""
        self._closed = True
        self._to_start.put(False)
        with self._lock:
            workers = list(self._live)
            self._live.clear()
        for worker in workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.process.join(1)
            worker.kill()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
