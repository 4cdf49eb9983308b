"""The learner key, from the browser to the kernel: one invisible widget per chapter page.

The key is 80 random bits drawn by the browser and kept in its `localStorage` (no name, no
e-mail: the journal's records carry only this key). The widget's JavaScript reads the key, or
creates it on a first visit, and syncs it to the kernel; the kernel then records « chapter
opened » and marks every quiz and simulator record of the page with the key and the chapter
(`ecpx.training.sink.PAGE`). Kernels are preheated: the notebook runs before any learner opens
the page, so nothing is recorded until the key arrives. A key that does not match the format is
ignored (anything can be sent through a widget).
"""

from __future__ import annotations

import html
import os

import anywidget
import ipywidgets as w
import traitlets as t

from ecpx.resources import template_dir
from ecpx.screens.frames import html_line
from ecpx.texts.progress import SUMMARY
from ecpx.training import sink as journal

# The key's script, shared with the home page and the summary, then the widget's own.
ESM = (template_dir() / "learner-key.js").read_text() + r"""
function render({ model, el }) {
  el.classList.add("ecpx-learner");
  el.hidden = true;  // nothing to see: the key is shown on the home page
  if (!model.get("key")) {
    model.set("key", learnerKey());
    model.save_changes();
  }
}
export default { render };
"""


class LearnerKey(anywidget.AnyWidget):
    """The page's learner key (see the module's docstring); shows nothing."""

    _esm = ESM
    key = t.Unicode("").tag(sync=True)
    chapter = t.Unicode("").tag(sync=True)

    def __init__(self, chapter: str, **kwargs) -> None:
        super().__init__(chapter=chapter, **kwargs)
        page = journal.PAGE  # this kernel's page
        page.expect(chapter)
        self.observe(lambda change: page.arrive(change["new"]), names="key")


def learner(chapter: str) -> LearnerKey:
    """The first cell of every chapter: `learner("01")` ties the page to its learner."""
    return LearnerKey(chapter)


def summary_link() -> w.HTML:
    """The last chapter's link to the completion summary, a page of the server: under its base
    URL, which Voilà gives the kernel (Binder serves the course under a prefix of its own). A
    widget, not an HTML output, whose links the page would open in a new tab."""
    url = os.environ.get("VOILA_BASE_URL", "/").rstrip("/") + "/ecpx/bilan"
    return html_line(f'<p><a href="{html.escape(url)}">{SUMMARY["link"]}</a>'
                     f'{SUMMARY["link_after"]}</p>')
