"""Writing saved admin-API response pages (OpenAI Costs/Usage, Anthropic cost/usage reports) as the APIs send them.

Shared by providers/openai.py and providers/anthropic.py; it has no generate() of its own. Pages hold `per_page`
daily buckets (the APIs' default limit is 7), chained by opaque `next_page` cursors, the last page of each pull
with `has_more: false` and `next_page: null`. Money goes into the JSON as the exact text of a Decimal (a JSON
number for OpenAI, a string for Anthropic), never through a float.
"""
import base64
import datetime as dt
import json
import os
from decimal import Decimal


class Number:
    """A JSON number written exactly as `text`."""

    def __init__(self, text):
        self.text = text


def number(d, e_notation=False):
    """A Decimal as a JSON number: plain digits without trailing zeros, or E-notation (both exact)."""
    d = Decimal(d)
    if e_notation:
        return Number(format(d, "E"))
    text = format(d.normalize(), "f")
    return Number(text)


def dumps(value, indent=0):
    """JSON text with two-space indentation; Number values as written."""
    pad = "  " * indent
    inner = "  " * (indent + 1)
    if isinstance(value, Number):
        return value.text
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(k)}: {dumps(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + dumps(v, indent + 1) for v in value) + "\n" + pad + "]"
    return json.dumps(value)


def epoch(day):
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def rfc3339(day):
    return day.strftime("%Y-%m-%dT00:00:00Z")


def cursor(*key):
    raw = "|".join(str(k) for k in key).encode()
    return "page_" + base64.b64encode(raw).decode().rstrip("=")


def month_days(month):
    """The days of `YYYY-MM`."""
    year, m = (int(x) for x in month.split("-"))
    d = dt.date(year, m, 1)
    out = []
    while d.month == m:
        out.append(d)
        d += dt.timedelta(days=1)
    return out


def write_pages(folder, prefix, month, bucket_of_day, envelope, per_page=7):
    """Writes one pull of `month` as pages `<prefix>-<month>-pNN.json` under `folder`; `bucket_of_day(day)` gives
    a bucket object. `envelope` is "openai" (with `object: "page"`) or "anthropic". Returns the file names."""
    os.makedirs(folder, exist_ok=True)
    days = month_days(month)
    chunks = [days[i:i + per_page] for i in range(0, len(days), per_page)]
    names = []
    for n, chunk in enumerate(chunks, start=1):
        last = n == len(chunks)
        page = {}
        if envelope == "openai":
            page["object"] = "page"
        page["data"] = [bucket_of_day(d) for d in chunk]
        page["has_more"] = not last
        page["next_page"] = None if last else cursor(prefix, month, n + 1)
        name = f"{prefix}-{month}-p{n:02d}.json"
        with open(os.path.join(folder, name), "w", newline="\n") as f:
            f.write(dumps(page) + "\n")
        names.append(name)
    return names
