"""The class's kernel limit counts the kernels serving open pages: neither the preheated ones
waiting in a pool nor those of pages just closed, which are shutting down."""

from __future__ import annotations

from types import SimpleNamespace

from ecpx.server.app import kernels_in_use
from jupyter_client.manager import AsyncKernelManager


def test_pooled_and_closing_kernels_leave_their_seat_free():
    kernels = {name: AsyncKernelManager() for name in ("pooled", "page", "closing")}
    kernels["closing"].shutting_down = True  # jupyter_client sets it as a shutdown begins
    manager = SimpleNamespace(_pools={"02.ipynb": ["pooled"]},
                              list_kernel_ids=lambda: list(kernels),
                              get_kernel=kernels.__getitem__)
    assert kernels_in_use(manager) == 1
    kernels["closing"].shutting_down = False
    assert kernels_in_use(manager) == 2
