"""A class downloads every widget model a chapter page holds, all at once: the simulators build
a screen only when it first shows, from light widgets that share their layout and style."""

from __future__ import annotations

import ipywidgets as w
import pytest
from ecpx.screens.frames import button, shared, text
from ecpx.screens.method_a import method_a_simulator
from ecpx.screens.method_b import method_b_simulator
from ecpx.texts.method_a import COMPUTER
from ipywidgets.widgets.widget import _instances

from tests.widgets import click

# Chapter 02's simulator held 401 widget models when every screen was built at once.
MOST_MODELS_AT_START = 80


def models_made_by(make) -> int:
    before = set(_instances)
    make()
    return len(set(_instances) - before)


@pytest.mark.parametrize("make", [lambda: method_a_simulator(live=False), method_b_simulator],
                         ids=["method A", "method B"])
def test_a_simulator_starts_with_only_its_first_screens(make):
    assert models_made_by(make) <= MOST_MODELS_AT_START


def test_a_screen_is_built_when_it_first_shows():
    sim = method_a_simulator(live=False)
    assert "psc_login" not in sim.computer._built
    added = models_made_by(lambda: click(sim.computer.widget, COMPUTER["psc_button"]))
    assert "psc_login" in sim.computer._built and 0 < added <= 15


def test_light_widgets_share_a_layout_and_style_that_never_change():
    first, second = text("a"), text("b", "hint")
    assert first.layout is second.layout and first.style is second.style
    assert button("x").layout is button("y").layout
    with pytest.raises(TypeError, match="shared Layout never changes"):
        first.layout.display = "none"
    own = text("c", layout=w.Layout())
    own.layout.display = "none"  # a widget shown or hidden has a layout of its own
    assert shared(w.Layout).display is None
