"""Keep Python's thread state alive on QGIS worker threads (pyproj 3.7 crash workaround).

pyproj 3.7.0-3.7.2 keeps one PROJ context per thread in two places that live for different
times: a ``threading.local`` (dies with Python's thread state) and C thread-specific storage
(dies with the OS thread). QGIS runs background tasks and Processing algorithms on pooled
QThreads; each call into Python there gets a fresh thread state that is dropped when the call
returns, which frees the context while the OS thread keeps a pointer to it. The next run on the
same thread then crashes in ``proj_create`` (pyproj issues #1509 and #1622, fixed by pyproj
PRs #1541 and #1626). Holding one extra ``PyGILState_Ensure`` on such a thread keeps its
thread state, and with it the context, for the life of the OS thread.
"""

from __future__ import annotations

import ctypes
import threading

_local = threading.local()


def pin_thread_state() -> None:
    """Keep the current thread's Python thread state until the OS thread ends (idempotent).

    Call it first thing in code that QGIS runs on a worker thread (``QgsTask.run``,
    ``processAlgorithm``). The main thread and threads Python started need nothing.
    """
    if getattr(_local, "pinned", False):
        return
    current = threading.current_thread()
    if current is threading.main_thread() or not isinstance(current, threading._DummyThread):
        _local.pinned = True
        return
    ctypes.pythonapi.PyGILState_Ensure.restype = ctypes.c_int
    ctypes.pythonapi.PyGILState_Ensure()  # never released: the state outlives this call
    _local.pinned = True
