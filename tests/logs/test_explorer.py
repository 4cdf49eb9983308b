"""Chapter 06's model and report: what it publishes never shows a cell of 1 to 10 cases."""

from __future__ import annotations

import gzip
import io
import random
from datetime import date

import pandas as pd
import pytest
from ecpx.activation.clock import FakeClock
from ecpx.activation.method_b import MethodB
from ecpx.logs.explorer import SAMPLE, JournalExplorer
from ecpx.logs.generate import write_events
from ecpx.logs.load import load_events
from ecpx.logs.store import training_sink
from ecpx.screens import journal_report
from ecpx.screens.journal_view import export_links, status_html
from ecpx.texts import journal as journal_texts

COUNTS = ("cases", "activated", "conforming", "drop_off")


@pytest.fixture(scope="module")
def explorer() -> JournalExplorer:
    model = JournalExplorer()
    model.load_sample()
    return model


def small_cells(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str, int]]:
    found = []
    for name, table in tables.items():
        for column in COUNTS:
            if column in table and table[column].dtype != bool:  # a variant's flag: no count
                values = pd.to_numeric(table[column], errors="coerce").dropna()
                found += [(name, column, int(v)) for v in values if 0 < v < 11]
    return found


def test_the_sample_is_what_its_documentation_says(tmp_path):
    again, events = write_events(tmp_path / "again.csv.gz", 2500, 2024,
                                 start=date(2024, 1, 8), days=56)
    assert events == 18_457
    assert gzip.decompress(again.read_bytes()) == gzip.decompress(SAMPLE.read_bytes())
    assert "18,457 events of 2,500" in (SAMPLE.parent / "journal-exemple.md").read_text()


def test_published_tables_hold_no_small_cell(explorer):
    assert small_cells(explorer.tables()) == []
    explorer.set_filters(card_types=("CPE", "CPA"), methods=("A",))
    try:
        tables = explorer.tables()
        assert small_cells(tables) == []
        assert tables["funnel"]["cases"].isna().any()  # a small selection: cells are masked
    finally:
        explorer.set_filters(card_types=("CPS", "CPE", "CPA", "CDE", "CPF"), methods=("A", "B"))


def test_exports_hold_no_small_cell(explorer):
    for name, text in journal_report.tables_csv(explorer.tables()).items():
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        for column in COUNTS:
            if column in table and set(table[column]) - {"True", "False"}:
                numbers = pd.to_numeric(table[column], errors="coerce").dropna()
                assert not numbers.between(1, 10).any(), (name, column)
    html = journal_report.report_html(explorer.tables(), "test")
    assert html.startswith("<!DOCTYPE html>") and 'lang="fr"' in html
    assert '<svg class="ecpx-chart" role="img" aria-label=' in html  # charts named in French
    assert "data:image/png" not in html and journal_texts.PRIVACY_NOTE in html


def test_filters_select_cases(explorer):
    everything = len(explorer.cases())
    explorer.set_filters(methods=("B",))
    only_b = explorer.cases()
    explorer.set_filters(methods=("A", "B"), start=date(2024, 1, 15), end=date(2024, 1, 21))
    week = explorer.cases()
    explorer.set_filters(start=None, end=None)
    assert set(only_b["method"]) == {"B"} and 0 < len(only_b) < everything
    assert week["start"].dt.date.between(date(2024, 1, 15), date(2024, 1, 21)).all()
    assert 0 < len(week) < everything


def test_an_unreadable_upload_is_explained_in_french():
    model = JournalExplorer()
    model.load_upload("notes.csv", b"idnat;nom\n")
    text = status_html(model)
    assert "Le fichier « notes.csv » ne peut pas être lu : colonne manquante" in text
    assert "Traceback" not in text and export_links(model).startswith("<p>")


def test_rejected_lines_of_an_upload_are_listed_in_french(hand_written):
    content = hand_written.read_bytes() + b"h9,hier,A,app_opened,ok,,android,14,CPS,field\n"
    model = JournalExplorer()
    model.load_upload("classe.csv", content)
    text = status_html(model)
    assert "1 ligne(s) rejetée(s)" in text and "horodatage invalide « hier »" in text


def test_the_class_training_events_are_analysed(tmp_path):
    sink = training_sink(tmp_path)
    for seed in range(3):
        flow = MethodB(sink=sink, clock=FakeClock(), rng=random.Random(seed),
                       platform="android", os_version="14")
        flow.open_app()
        flow.start()
        flow.accept_cgu()
    model = JournalExplorer()
    model.load_training(tmp_path)
    assert model.result is not None and model.result.events["case_id"].nunique() == 3
    assert len(model.cases()) % 5 == 0  # published from the released cases (`release`)
    assert set(model.result.events["source"]) == {"training"}


def test_every_loader_reason_has_a_french_translation(tmp_path):
    from tests.logs.test_load import GOOD, lines, write
    rows = lines(GOOD, GOOD, "c2,never,A,app_opened,ok,,android,14,CPS,field",
                 "c3,2024-03-04T09:00:00Z,C,app_opened,ok,,android,14,CPS,field",
                 "c4,2024-03-04T09:00:00Z,A,dance,maybe,,windows,x,CPZ,lab",
                 "c5,2024-03-04T09:00:00Z,A,portal_login,error,,android,14,CPS,field",
                 "c6,2024-03-04T09:00:00Z,A,portal_login,ok,pin_wrong,android,14,CPS,field",
                 "c7,2024-03-04T09:00:00Z,A,portal_login,error,qr_expired,android,14,CPS,field",
                 "c8,2024-03-04T09:00:00Z,A,portal_login,error,oops,android,14,CPS,field",
                 ",2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,field", "a,b")
    reasons = load_events(write(tmp_path, rows), progress=False).rejected["reason"]
    assert len(reasons) == 10
    assert {code for reason in reasons for code in reason.codes} >= {
        "bad_timestamp", "unknown_method", "unknown_step", "unknown_outcome",
        "missing_error_code", "error_on_ok", "error_at_wrong_step", "unknown_error",
        "missing_value", "wrong_field_count", "duplicate", "unknown_platform"}
    french = [journal_texts.reason_fr(reason) for reason in reasons]
    assert "horodatage invalide « never »" in french
    assert "2 champs au lieu de 10" in french


def test_every_reason_code_reads_in_english_and_in_french():
    """Both languages know every code, and fill every parameter the English names."""
    import string

    from ecpx.logs.reasons import ENGLISH, Reason

    assert set(journal_texts.REASONS) == set(ENGLISH)
    for code, template in ENGLISH.items():
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        french_names = {f for _, f, _, _ in string.Formatter().parse(journal_texts.REASONS[code])
                        if f}
        assert french_names <= names, code
        reason = Reason.of(code, **{n: "X" for n in names})
        assert "{" not in str(reason) and "{" not in journal_texts.reason_fr(reason)


def test_an_upload_stops_at_its_row_cap_with_a_french_reason(hand_written):
    model = JournalExplorer()
    model.load_upload("classe.csv", hand_written.read_bytes(), max_rows=20)
    assert model.result is None and model.problem.code == "too_many_rows"
    text = status_html(model).replace("\xa0", " ")
    assert "Le fichier « classe.csv » ne peut pas être lu : trop de lignes : plus de 20" in text
    model.load_upload("classe.csv", hand_written.read_bytes(), max_rows=1_000)
    assert model.result is not None and model.result.events["case_id"].nunique() == 7


def test_the_classroom_cap_is_smaller(monkeypatch):
    from ecpx.logs.explorer import CLASSROOM_MAX_ROWS, UPLOAD_MAX_ROWS, upload_max_rows

    monkeypatch.delenv("ECPX_CLASSROOM", raising=False)
    assert upload_max_rows() == UPLOAD_MAX_ROWS
    monkeypatch.setenv("ECPX_CLASSROOM", "1")
    assert upload_max_rows() == CLASSROOM_MAX_ROWS < UPLOAD_MAX_ROWS


def test_a_parquet_upload_over_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch,
                                                                    hand_written):
    from ecpx.logs import readers

    path = tmp_path / "big.parquet"
    pd.read_csv(hand_written, dtype=str, keep_default_na=False).to_parquet(path)
    read = []
    monkeypatch.setattr(readers, "_parquet_tables",
                        lambda *a: read.append(1) or iter(()))
    model = JournalExplorer()
    model.load_upload("big.parquet", path.read_bytes(), max_rows=20)
    assert model.problem is not None and model.problem.code == "too_many_rows"
    assert read == []  # refused from the file's metadata, no row decoded


def test_one_change_event_per_filter_change(explorer):
    seen = []
    explorer.observe(lambda change: seen.append(change["new"]), names="revision")
    try:
        explorer.set_filters(methods=("B",))
        explorer.set_filters(methods=("B",))
        explorer.set_filters(methods=("A", "B"))
    finally:
        explorer.unobserve_all("revision")
    assert len(seen) == 2


BOMB = """
import gzip, io, os, resource
os.environ["ECPX_CLASSROOM"] = "1"
from ecpx.logs.explorer import JournalExplorer
header = b"case_id,timestamp,method,step,outcome,error,platform,os_version,card_type,source\\n"
rows = b"".join(b"c%05d,2024-01-31T11:17:37Z,A,app_opened,ok,,ios,17,CPS,field\\n" % n
                for n in range(10_000))
packed = io.BytesIO()
with gzip.GzipFile(fileobj=packed, mode="wb") as out:
    out.write(header)
    for _ in range(250):  # 2.5 M lines, about 150 MiB of CSV in a few MB of gzip
        out.write(rows)
model = JournalExplorer()
model.load_upload("classe.csv.gz", packed.getvalue())
print(model.problem.code if model.problem else "", len(packed.getvalue()),
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""
BOMB_PEAK_MIB = 600  # the stated bound: a kernel that read the upload, at its peak


def test_an_upload_over_the_classroom_cap_is_refused_in_bounded_memory():
    """The hostile trainee's upload: a small gzip of millions of lines, in classroom mode."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", BOMB], capture_output=True, text=True,
                         check=True, timeout=300).stdout.split()
    code, size, peak_mib = out[0], int(out[1]), int(out[2])
    assert code == "too_many_rows" and size < 10 << 20  # it fits in one widget message
    assert peak_mib < BOMB_PEAK_MIB, f"peak {peak_mib} MiB"
