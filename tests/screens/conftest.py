"""Method A's simulator on a fake clock and a seeded generator, its events recorded."""

from __future__ import annotations

import random

import pytest
from ecpx.activation.clock import FakeClock
from ecpx.activation.events import Recorder
from ecpx.screens.method_a import method_a_simulator


@pytest.fixture
def sim():
    recorder = Recorder()
    simulator = method_a_simulator(sink=recorder, live=False, clock=FakeClock(),
                                   rng=random.Random(5))
    simulator.recorder = recorder
    return simulator
