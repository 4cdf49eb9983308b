"""Write a journal as XES (IEEE 1849), the event-log exchange format of ProM, Disco and pm4py.

One trace per case (its context as trace attributes), one event per row; the activity
(`concept:name`) is the step when it succeeded and the error code otherwise, as in
`schema.activity`. Written as a stream, so a large journal never sits in memory as XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pandas as pd

from ecpx.logs.cases import in_case_order
from ecpx.logs.safety import atomic_output
from ecpx.logs.schema import activity

XES_NAMESPACE = "http://www.xes-standard.org/"
TRACE_ATTRIBUTES = ("method", "platform", "os_version", "card_type", "source")
EVENT_ATTRIBUTES = {"outcome": "ecpx:outcome", "error": "ecpx:error"}

HEADER = f"""<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1849-2016" xes.features="" xmlns="{XES_NAMESPACE}">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <string key="concept:name" value="ecpx activation journal"/>
"""


# Characters XML 1.0 cannot carry, even as references (the loader rejects control characters;
# these are the rest): replaced, so that every export parses.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _string(key: str, value: str, indent: str) -> str:
    text = _NOT_XML.sub("\ufffd", str(value))
    return f"{indent}<string key={quoteattr(key)} value={quoteattr(text)}/>\n"


def xes_lines(events: pd.DataFrame) -> Iterator[str]:
    """The XES document, line by line."""
    yield HEADER
    events = in_case_order(events)
    labels = activity(events["step"], events["outcome"], events["error"]).astype("str")
    times = events["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%S.%f").str.slice(0, 23) + "+00:00"
    frame = pd.DataFrame({"case": events["case_id"].astype("str"), "label": labels,
                          "time": times, **{c: events[c].astype("str") for c in
                                            (*TRACE_ATTRIBUTES, *EVENT_ATTRIBUTES)}})
    current = None
    for row in frame.itertuples(index=False):
        if row.case != current:
            if current is not None:
                yield "  </trace>\n"
            current = row.case
            yield "  <trace>\n" + _string("concept:name", row.case, "    ") + "".join(
                _string(name, getattr(row, name), "    ") for name in TRACE_ATTRIBUTES)
        yield ("    <event>\n" + _string("concept:name", row.label, "      ")
               + f'      <date key="time:timestamp" value="{row.time}"/>\n'
               + "".join(_string(key, getattr(row, name), "      ")
                         for name, key in EVENT_ATTRIBUTES.items())
               + "    </event>\n")
    if current is not None:
        yield "  </trace>\n"
    yield "</log>\n"


def write_xes(events: pd.DataFrame, path: str | Path) -> Path:
    """Write `events` as an XES file (UTF-8) at `path`."""
    path = Path(path)
    with atomic_output(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        out.writelines(xes_lines(events))
    return path
