"""A page takes a preheated kernel only when one is ready: never a refill still waiting for its
delay, nor one whose start failed."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

from ecpx.server.app import ready_pool_size


def test_only_started_kernels_count_and_come_first():
    async def scenario():
        async def started(name):
            return {"kernel_id": name}

        async def failed():
            raise RuntimeError("the kernel died")

        waiting = asyncio.ensure_future(asyncio.sleep(3600))  # a refill waiting for fill_delay
        first, second = (asyncio.ensure_future(started(n)) for n in ("a", "b"))
        broken = asyncio.ensure_future(failed())
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        manager = SimpleNamespace(_pools={"02.ipynb": [waiting, broken, first, second]})
        try:
            assert ready_pool_size(manager, "02.ipynb") == 2
            # Voilà takes the pool's first item: a started kernel, not the waiting refill.
            assert manager._pools["02.ipynb"][:2] == [first, second]
            assert set(manager._pools["02.ipynb"][2:]) == {waiting, broken}
            assert ready_pool_size(manager, "03.ipynb") == 0
        finally:
            waiting.cancel()

    # In a thread of its own: the browser tests' Playwright may hold this thread's event loop.
    failures = []
    runner = threading.Thread(target=lambda: failures.extend(_errors(scenario)))
    runner.start()
    runner.join()
    assert not failures, failures[0]


def _errors(scenario) -> list[BaseException]:
    try:
        asyncio.run(scenario())
    except BaseException as error:  # handed to the test's thread
        return [error]
    return []
