"""Chapter 06's dashboard in process: every control goes through `Screen.act`, the announcer
says the selection (or the error) and keeps the focus on the control used, the tables are
computed once per change and shared by every view."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
from ecpx.logs import explorer as explorer_module
from ecpx.logs.explorer import JournalExplorer
from ecpx.screens import journal_view as V
from ecpx.texts import journal as T

HAND_WRITTEN = Path(__file__).resolve().parents[1] / "logs" / "data" / "hand-written.csv"


@pytest.fixture(scope="module")
def sample() -> JournalExplorer:
    model = JournalExplorer()
    model.load_sample()
    return model


@pytest.fixture
def board(sample) -> V.Dashboard:
    sample.set_filters(**{name: keys for name, (keys, _) in V.GROUPS.items()},
                       start=None, end=None)
    return V.Dashboard(sample)


def text(said: str) -> str:
    """What the announcer said, its non-breaking spaces (French typography) as spaces."""
    return said.replace("\xa0", " ").replace("\u202f", " ").strip()


def file(name: str, content: bytes) -> dict:
    return {"name": name, "content": memoryview(content), "type": "text/csv",
            "size": len(content), "last_modified": dt.datetime.now(dt.UTC)}


def test_a_check_box_says_the_selection_and_keeps_the_focus(board, monkeypatch):
    computed = []
    original = explorer_module.published_tables
    monkeypatch.setattr(explorer_module, "published_tables",
                        lambda *a: computed.append(1) or original(*a))
    funnel_before = board.funnel.body.value
    board.controls.boxes["methods"]["A"].value = False
    announcer = board.controls.announcer
    assert text(announcer.polite) == "Environ 1 165 parcours sélectionnés."
    assert text(announcer.urgent) == ""
    assert announcer.focus == board.controls.focus_class("methods-A")
    assert board.model.filters.methods == ("B",)
    assert "Environ 1 165 parcours sélectionnés." in board.controls.summary.value
    assert html.escape(T.PRIVACY_METHOD_NOTE) in board.controls.summary.value  # why « Environ »
    assert board.funnel.body.value != funnel_before  # every view redrew from the explorer
    assert "méthode A." not in board.funnel.body.value and "méthode B." in board.funnel.body.value
    assert computed == [1]  # once per change, shared by the controls and every view
    board.controls.boxes["methods"]["A"].value = True
    assert text(announcer.polite) == "Environ 2 350 parcours sélectionnés."


def test_the_explorer_sends_one_change_per_action(sample):
    seen = []
    sample.observe(lambda change: seen.append(change["new"]), names="revision")
    try:
        sample.set_filters(platforms=("android",))
        sample.set_filters(platforms=("android",))  # nothing changes: no event
        sample.set_filters(platforms=("android", "ios", "macos", "other"))
    finally:
        sample.unobserve_all("revision")
    assert len(seen) == 2 and seen[1] == seen[0] + 1
    assert not hasattr(sample, "_observers")


def test_enter_in_a_date_applies_the_period(board):
    board.controls.start.value = dt.date(2024, 1, 15)
    board.controls.end.value = dt.date(2024, 1, 21)
    assert board.model.filters.start is None  # not before the period is submitted
    form = next(name for name in board.controls.announcer._forms)
    board.controls.announcer.submitted = {"form": form, "value": "2024-01-21", "n": 1}
    assert board.model.filters.start == dt.date(2024, 1, 15)
    assert board.model.filters.end == dt.date(2024, 1, 21)
    said = text(board.controls.announcer.polite)
    assert said.startswith("Environ ") and said.endswith("parcours sélectionnés.")
    assert said != "Environ 2 350 parcours sélectionnés."
    assert board.controls.announcer.focus == board.controls.focus_class("period")


def test_an_unreadable_upload_is_an_alert_and_the_focus_stays_on_the_upload():
    board = V.Dashboard(JournalExplorer())
    controls = board.controls
    controls.source.value = "upload"
    assert controls.uploader.layout.display == ""
    assert "10 Mo" in text(controls.announcer.polite)
    controls.upload.value = (file("notes.csv", b"idnat;nom\n"),)
    alert = text(controls.announcer.urgent)
    assert alert.startswith("Le fichier « notes.csv » ne peut pas être lu")
    assert text(controls.announcer.polite) == ""
    assert controls.announcer.focus == controls.focus_class("upload")
    assert controls.upload.value == ()  # the file's bytes are not kept
    assert T.NO_EVENTS in board.funnel.body.value


def test_an_upload_for_a_source_no_longer_shown_is_ignored(board):
    board.controls.source.value = "sample"
    loaded = board.model.journal
    board.controls.upload.value = (file("late.csv", b"idnat;nom\n"),)
    assert board.model.journal == loaded and board.model.problem is None


def test_a_too_large_upload_is_refused_in_french(monkeypatch):
    monkeypatch.setattr(explorer_module, "UPLOAD_MAX_ROWS", 20)
    board = V.Dashboard(JournalExplorer())
    board.controls.source.value = "upload"
    board.controls.upload.value = (file("gros.csv", HAND_WRITTEN.read_bytes()),)
    assert "trop de lignes : plus de 20 lignes" in text(board.controls.announcer.urgent)
    assert board.model.result is None


def test_the_source_is_a_named_radio_group_and_the_check_boxes_labelled_groups(board):
    assert board.controls.source.description == T.SOURCE_LABEL
    groups = [box for box in _walk(board.controls.widget) if "ecpx-group" in box._dom_classes]
    labels = [child.value for box in groups for child in box.children
              if "ecpx-group-label" in child._dom_classes]
    assert labels == [T.PERIOD_LABEL, *T.GROUP_LABELS.values()]


def test_export_is_prepared_on_demand_and_forgotten_when_the_filters_change(board):
    export = board.export
    assert export.links.value == ""
    export.prepare.click()
    assert 'download="rapport-journaux-e-cps.html"' in export.links.value
    assert text(export.announcer.polite).startswith("Fichiers prêts pour les 2 350 parcours")
    assert export.announcer.focus == export.focus_class("links")
    board.controls.boxes["platforms"]["ios"].value = False
    assert export.links.value == "" and export.note.value == T.EXPORT_STALE


def test_charts_are_svg_with_their_tables(board):
    html = board.funnel.body.value + board.trend.body.value
    assert '<svg class="ecpx-chart" role="img" aria-label="' in html
    assert "data:image/png" not in html
    assert "<table" in board.trend.body.value and T.CHART_DATA in board.trend.body.value


def test_the_dashboard_draws_without_matplotlib():
    import subprocess
    import sys

    code = ("import sys; from ecpx.screens.journal_view import Dashboard; d = Dashboard(); "
            "d.controls.boxes['methods']['A'].value = False; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_a_new_journal_is_seen_over_its_whole_period():
    board = V.Dashboard()
    board.model.set_filters(start=dt.date(2024, 1, 15), end=dt.date(2024, 1, 21))
    board.controls.source.value = "upload"
    board.controls.upload.value = (file("classe.csv", HAND_WRITTEN.read_bytes()),)
    model = board.model
    assert model.filters.start is None and model.filters.end is None
    # 7 cases: every group of alike cases counts 0 once released (`release`), nothing to show
    assert model.period is None and len(model.cases()) == 0
    assert (board.controls.start.value, board.controls.end.value) == (None, None)
    assert board.funnel.body.value == f"<p>{T.NO_SELECTION}</p>"
    assert text(board.controls.announcer.polite).startswith(
        "7 parcours et 51 événements chargés depuis « classe.csv ».")


def test_the_export_names_its_files_links_and_columns_in_french(sample):
    from ecpx.screens import journal_report as R

    tables = sample.tables()
    assert set(tables) <= set(T.EXPORT_TABLES)  # every table has a French name
    links = V.export_links(sample)
    for name in tables:
        label, file = T.EXPORT_TABLES[name]
        assert f'download="{file}.csv"' in links and label in links
    for english in ("funnel", "step_durations", "errors.csv", "daily_trend", "by_platform"):
        assert english not in links
    for name, csv in R.tables_csv(tables).items():
        header = csv.splitlines()[0].split(",")
        assert set(header) <= set(T.COLUMNS.values()), (name, header)


@pytest.mark.parametrize("shown, said", [("< 11", T.SELECTION_FEW), ("masqué", T.SELECTION_MASKED),
                                         ("1 275", "Environ 1 275 parcours sélectionnés.")])
def test_the_selection_says_why_its_number_is_hidden(sample, monkeypatch, shown, said):
    monkeypatch.setattr(V.R, "total_fr", lambda tables: shown)
    assert V.selection_fr(sample) == said
    assert "masqué" not in said or "par soustraction" in said  # the word is explained


def test_no_heading_of_the_dashboard_repeats_the_chapters(board):
    """The notebook's h2 sets the theme, the dashboard's h3 names what is shown: never twice
    the same words (« Les durées » then « Durées » read as a stutter)."""
    import json
    import re

    from ecpx import resources

    def words(title: str) -> str:
        return re.sub(r"^(les|la|le|l')\s*", "", title.strip().casefold())

    notebook = json.loads((resources.notebooks_dir() / "06-analyse-des-journaux.ipynb")
                          .read_text())
    h2 = {words(line[3:]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"
          for line in "".join(cell["source"]).splitlines() if line.startswith("## ")}
    h3 = {words(m) for view in board.views() for widget in _walk(view.widget)
          if isinstance(getattr(widget, "value", None), str)
          for m in re.findall(r"<h3>(.*?)</h3>", widget.value)}
    assert len(h2) >= 8 and len(h3) >= 7
    assert h2 & h3 == set()
