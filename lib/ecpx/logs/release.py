"""The cases chapter 06 publishes from: each group of alike cases counted a multiple of 5, once.

Suppression protects the tables of one selection, and rounding each published count protects
two selections; but a solver that chains many selections narrows independently rounded counts
down to one value. So the dashboard never computes from the true cases. When a journal is
loaded, cases that no filter and no table can tell apart (same day, method, platform, system
version, card type and path) form a group. A group of 11 cases or more is kept as it is; a
group of x = 1 to 10 cases is replaced by r copies of its cases, r = x randomly rounded to a
multiple of `BASE`: 5⌊x/5⌋, or 5⌈x/5⌉ with probability (x mod 5)/5, so that sums stay
unbiased. Every table of every selection is computed from these cases only: whatever is
published, in any number of filter states, is a function of the groups' released counts, and
a small group's true count stays anywhere within ±4 of its own. A count of 1 to 10 is made of
small groups only, so none can be derived exactly, however many states are compared
(`tests/logs/test_differencing.py` builds, for each planted small count, journals with
another count that publish the same tables in every reachable state).

The draw is the group's cell key (the cell-key method of the Australian Bureau of Statistics):
the sum of its cases' keys (a hash of each `case_id`) modulo 1. The same cases always draw the
same, in every selection, session and restart, so reloading cannot average the draw away; and
without the case ids, which no screen shows, nobody can tell which way a group was rounded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecpx.logs.privacy import MIN_CELL

BASE = 5
# What tells cases apart in a published table or a filter; the start's day is added. A path
# (`variant`) fixes the steps, errors and deviation of a case: they are listed all the same.
ALIKE = ("method", "platform", "os_version", "card_type", "source", "variant", "steps",
         "errors", "activated", "deviation", "deviation_step")
_HASH_KEY = "ecpx-cell-key-01"  # 16 characters, as pandas' hash needs; not a secret


def released(cases: pd.DataFrame, base: int = BASE) -> pd.DataFrame:
    """The case table with each group of 1 to 10 alike cases randomly rounded to a multiple
    of `base` (rows repeated or dropped; repeats cycle through the group's cases)."""
    if cases.empty:
        return cases
    keys = [cases["start"].dt.floor("D"), *(cases[c] for c in ALIKE if c in cases)]
    group = cases.groupby(keys, observed=True, sort=False, dropna=False).ngroup().to_numpy()
    order = np.argsort(group, kind="stable")
    first = np.flatnonzero(np.r_[True, np.diff(group[order]) != 0])
    size = np.diff(np.r_[first, len(order)])
    case_key = pd.util.hash_array(cases["case_id"].astype("str").to_numpy(dtype=object),
                                  hash_key=_HASH_KEY)
    cell_key = np.add.reduceat(case_key[order], first) / 2.0**64  # the sum wraps: modulo 1
    rounded = size // base * base + base * ((size % base) / base > cell_key)
    count = np.where(size >= MIN_CELL, size, rounded)  # only small groups need protecting
    copies = np.repeat(np.arange(len(size)), count)
    nth = np.arange(len(copies)) - np.repeat(np.cumsum(count) - count, count)
    rows = np.sort(order[first[copies] + nth % size[copies]])
    return cases.iloc[rows].reset_index(drop=True)
