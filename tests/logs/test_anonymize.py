"""Anonymisation: no planted identifier survives; pseudonyms need the key; small cells hidden."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest
from ecpx.cli import main
from ecpx.logs.anonymize import PSEUDONYM_COLUMN, anonymise_file, read_key
from ecpx.logs.load import load_events
from ecpx.logs.privacy import display, publish_funnel, suppress

KEY = "k" * 8 + "0123456789abcdef"
FIRST = ["Jeanne", "Karim", "Élodie", "Thomas", "Inès", "Marc"]
LAST = ["Lefebvre", "Benali", "Rousseau", "Nguyen", "Moreau", "Da Silva"]


def planted_log(rows: int = 300, seed: int = 5) -> tuple[pd.DataFrame, dict[str, set[str]]]:
    """A field log full of identifiers (all fictitious), and the identifiers planted."""
    rng = random.Random(seed)
    planted: dict[str, set[str]] = {"names": set(), "digits": set(), "emails": set(),
                                    "ips": set()}
    records = []
    for n in range(rows):
        person = n % 40
        first, last = FIRST[person % 6], LAST[(person * 7) % 6]
        rpps = f"10{person:09d}"
        adeli = f"75{person:07d}"
        mobile = f"06{person:08d}"
        email = f"{first.lower()}.{last.lower().replace(' ', '')}{person}@exemple-sante.fr"
        ip = f"10.{person}.{n % 250}.{rng.randint(1, 254)}"
        ipv6 = f"2001:db8::{person:x}:{n:x}"
        planted["names"] |= {first, last}
        planted["digits"] |= {rpps, adeli, mobile}
        planted["emails"].add(email)
        planted["ips"] |= {ip, ipv6}
        spaced = " ".join([mobile[i:i + 2] for i in range(0, 10, 2)])
        comment = rng.choice([
            f"Rappeler le Dr {last} au {spaced}",
            f"{first} {last} n'a pas reçu l'e-mail ({email})",
            f"idNat 8{rpps} saisi, ADELI {adeli}, depuis {ip}",
            f"Mme {last} appelle du +33 {mobile[1]} {spaced[3:]} — IPv6 {ipv6}",
            "RAS",
        ])
        records.append({
            "case_id": f"{rpps}-{n}", "timestamp": f"2024-03-04T{9 + n % 9:02d}:{n % 60:02d}:"
                                                    f"{n % 50:02d}+01:00",
            "method": "A", "step": "app_opened", "outcome": "ok", "error": "",
            "platform": "android", "os_version": "14", "card_type": "CPS", "source": "field",
            "idNat": f"8{rpps}" if n % 2 else "", "RPPS": rpps, "ADELI": adeli,
            "Nom": last, "Prénom": first, "e-mail": email, "mobile": mobile, "IP": ip,
            "commentaire": comment})
    return pd.DataFrame(records), planted


def leaks(table: pd.DataFrame, planted: dict[str, set[str]]) -> list[str]:
    """Planted identifiers (in any spacing) or identifier-shaped values found in `table`."""
    found = []
    for column in table.columns:
        hashed = column in ("case_id", PSEUDONYM_COLUMN)  # hex digests: digits by chance
        for cell in table[column].astype("str"):
            squeezed = re.sub(r"[\s.()+-]", "", cell)
            found += [v for v in planted["digits"] if v in squeezed]
            found += [v for v in planted["emails"] | planted["ips"] if v.lower() in cell.lower()]
            found += [n for n in planted["names"] if re.search(rf"\b{re.escape(n)}\b", cell,
                                                               re.IGNORECASE)]
            found += re.findall(r"[\w.+-]+@[\w-]+\.\w+", cell)
            if not hashed:
                found += re.findall(r"\d(?: ?\d){8,}", cell)
                found += re.findall(r"\b(?:\d{1,3}\.){3}\d{1,3}\b", cell)
    return found


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl.gz"])
def test_no_planted_identifier_survives(tmp_path, suffix):
    log, planted = planted_log()
    source = tmp_path / "field.csv"
    log.to_csv(source, index=False)
    out = tmp_path / f"anonymous{suffix}"
    summary = anonymise_file(source, out, progress=False)
    result = pd.read_parquet(out) if suffix == ".parquet" else (
        pd.read_json(out, lines=True, dtype=False) if "jsonl" in suffix
        else pd.read_csv(out, dtype=str, keep_default_na=False))
    assert leaks(result, planted) == []
    assert set(summary.plan.dropped) == {"Nom", "Prénom", "e-mail", "mobile", "IP"}
    assert PSEUDONYM_COLUMN not in result  # no key: the linkage ids are dropped
    assert {"idNat", "RPPS", "ADELI"}.isdisjoint(result.columns)
    assert result["commentaire"].str.contains(r"\[NAME\]|\[PHONE\]|\[EMAIL\]|\[ID\]|\[IP\]")\
        .sum() >= 200  # redacted, not dropped
    assert len(result) == len(log)


def test_the_anonymised_log_still_analyses(tmp_path):
    log, _ = planted_log(50)
    source, out = tmp_path / "field.csv", tmp_path / "anonymous.csv"
    log.to_csv(source, index=False)
    anonymise_file(source, out, progress=False)
    result = load_events(out, progress=False)
    assert result.rejected.empty and len(result.events) == 50
    assert result.events["case_id"].nunique() == 50
    ids = result.events["case_id"].astype("str")
    assert ids.str.fullmatch(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}").all()
    assert not any(rpps in case for rpps in log["RPPS"] for case in ids)


def test_pseudonyms_link_a_person_only_under_the_same_key(tmp_path, monkeypatch):
    log, _ = planted_log(120)
    source = tmp_path / "field.csv"
    log.to_csv(source, index=False)
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    first, second, other = (tmp_path / f"{n}.csv" for n in ("a", "b", "c"))
    anonymise_file(source, first, key=read_key(key_file), progress=False)
    monkeypatch.setenv("ECPX_TEST_KEY", KEY)
    anonymise_file(source, second, key=read_key(key_env="ECPX_TEST_KEY"), progress=False)
    anonymise_file(source, other, key=b"another key, also long enough", progress=False)
    a, b, c = (pd.read_csv(p, dtype=str, keep_default_na=False) for p in (first, second, other))
    assert a[PSEUDONYM_COLUMN].tolist() == b[PSEUDONYM_COLUMN].tolist()
    assert set(a[PSEUDONYM_COLUMN]).isdisjoint(c[PSEUDONYM_COLUMN])
    # idNat (8 + RPPS) and the bare RPPS of the same person give one pseudonym
    assert a.groupby(log["RPPS"])[PSEUDONYM_COLUMN].nunique().eq(1).all()
    assert a[PSEUDONYM_COLUMN].nunique() == 40
    for path in (first, second):
        assert KEY not in path.read_text()


def test_without_a_key_case_ids_cannot_be_linked_across_runs(tmp_path):
    log, _ = planted_log(30)
    source = tmp_path / "field.csv"
    log.to_csv(source, index=False)
    runs = []
    for n in range(2):
        out = tmp_path / f"run{n}.csv"
        anonymise_file(source, out, progress=False)
        runs.append(pd.read_csv(out, dtype=str)["case_id"])
    assert set(runs[0]).isdisjoint(runs[1])


def test_a_short_or_missing_key_is_refused(tmp_path, monkeypatch):
    short = tmp_path / "short"
    short.write_text("secret")
    with pytest.raises(ValueError, match="at least 16"):
        read_key(short)
    monkeypatch.delenv("ECPX_NO_SUCH_KEY", raising=False)
    with pytest.raises(ValueError, match="is not set"):
        read_key(key_env="ECPX_NO_SUCH_KEY")


def test_cli_anonymize_with_key_and_coarsening(tmp_path, capsys):
    log, planted = planted_log(60)
    source, out = tmp_path / "field.csv", tmp_path / "out.csv"
    log.to_csv(source, index=False)
    key_file = tmp_path / "key"
    key_file.write_text(KEY)
    code = main(["logs", "anonymize", str(source), str(out), "--key-file", str(key_file),
                 "--coarsen", "hour", "--quiet"])
    assert code == 0
    err = capsys.readouterr().err
    assert "replaced by holder_pseudonym" in err and KEY not in err
    result = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert leaks(result, planted) == []
    assert result["timestamp"].str.fullmatch(r"2024-03-04T\d\d:00:00Z").all()
    assert result["timestamp"].iloc[0] == "2024-03-04T08:00:00Z"  # 09:00:00+01:00, in UTC
    assert main(["logs", "anonymize", str(source), str(source)]) == 2
    assert "must not overwrite" in capsys.readouterr().err


# --- small cells ------------------------------------------------------------------------

def test_small_cells_are_masked_with_secondary_suppression():
    table = pd.DataFrame({"method": ["A"] * 4 + ["B"] * 3,
                          "error": ["pin_wrong", "qr_expired", "page_blocked", "password_format",
                                    "sms_code_wrong", "details_outdated", "email_not_received"],
                          "cases": [120, 4, 35, 60, 50, 60, 70]})
    table["share"] = table["cases"] / table.groupby("method")["cases"].transform("sum")
    published = suppress(table, "cases", groups=[["method"]], derived=["share"])
    hidden = published["cases"].isna()
    assert hidden.tolist() == [False, True, True, False, False, False, False]
    assert published["share"].isna().tolist() == hidden.tolist()
    for _, group in published.groupby("method"):  # never exactly one masked cell in a group
        assert group["cases"].isna().sum() != 1
    assert display(published).loc[1, "cases"] == "< 11"


def test_a_two_way_table_hides_a_small_cell_in_its_row_and_its_column():
    table = pd.DataFrame({"day": ["d1", "d1", "d2", "d2", "d3", "d3"],
                          "method": ["A", "B", "A", "B", "A", "B"],
                          "cases": [3, 40, 25, 30, 50, 60]})
    published = suppress(table, "cases", groups=[["day"], ["method"]])
    for keys in ("day", "method"):
        for _, group in published.groupby(keys):
            assert group["cases"].isna().sum() != 1
    assert published["cases"].isna().sum() >= 3


def test_zero_is_shown_and_only_one_to_ten_is_masked():
    table = pd.DataFrame({"method": ["A"] * 3, "cases": [0, 10, 11]})
    published = suppress(table, "cases")
    assert published["cases"].isna().tolist() == [False, True, False]


def test_funnel_hides_counts_that_reveal_a_small_drop():
    funnel = pd.DataFrame({"method": ["A"] * 5, "step": list("abcde"),
                           "cases": [100, 95, 60, 58, 30], "conversion": [1.0, .95, .63, .97, .5],
                           "drop_off": [0, 5, 35, 2, 28]})
    published = publish_funnel(funnel)
    assert published["cases"].isna().tolist() == [False, True, False, True, False]
    shown = published["cases"].dropna()
    differences = -shown.diff().dropna()
    assert (differences.eq(0) | differences.ge(11)).all()  # no small drop can be computed
    assert published["drop_off"].isna().tolist() == [False, True, True, True, True]


def test_funnel_first_step_hides_a_small_loss_at_the_start():
    funnel = pd.DataFrame({"method": ["B"] * 2, "step": ["app_opened", "cgu_accepted"],
                           "cases": [97, 90], "conversion": [0.97, 0.93], "drop_off": [3, 7]})
    published = publish_funnel(funnel)
    assert published["cases"].isna().tolist() == [True, True]
