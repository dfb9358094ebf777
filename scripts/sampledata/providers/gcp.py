"""Google Cloud billing for Kestrel Analytics: the standard usage cost export as BigQuery extracts it.

Billing account 01A2B3-C4D5E6-F7G8H9, projects kestrel-prod and kestrel-ml; Compute Engine, BigQuery, Cloud
Storage and Vertex AI (Gemini, per model and direction). Each stream's daily cost comes from company.cloud_daily
and is billed as four hourly lines (02:00, 08:00, 14:00, 20:00 UTC). One file per invoice month, as a
`WHERE invoice.month = …` extract writes it:

- invoice-202501-000000000000.json.gz, invoice-202502-000000000000.json.gz: JSON Lines (NEWLINE_DELIMITED_JSON,
  gzip), nested `service`, `sku`, `project`, `labels[]`, `credits[]`, `invoice.month`;
- invoice-202503.csv: CSV of a flattening query: nested fields as `service.description`-style columns, the
  repeated ones (`labels`, `project.labels`, `credits`) as JSON text (`TO_JSON_STRING`), since a CSV extract
  cannot hold them.

Planted events (SampleData/gcp/README.md): February credits (a sustained use discount on Compute Engine, a
promotion on Vertex AI Gemini from 1 to 14 February) as negative credits[]; the 20:00 lines of 31 January and 28
February are late and land on the next invoice month (those of 31 March on April's, outside the sample); one tax line per project and invoice month; in March a
BigQuery usage correction of a February line (cost_type adjustment, adjustment_info) and a rounding_error line.
"""
import csv
import datetime as dt
import gzip
import json
import os
from decimal import Decimal

from company import MONTHS, cloud_daily, money

BILLING_ACCOUNT = "01A2B3-C4D5E6-F7G8H9"
PROJECTS = {
    "kestrel-prod": dict(number="418230577164", name="Kestrel Production", labels=[("cost-center", "cc-100")]),
    "kestrel-ml": dict(number="902177431805", name="Kestrel ML", labels=[("cost-center", "cc-200")]),
}
SERVICES = {
    "compute": ("6F81-5844-456A", "Compute Engine"),
    "bigquery": ("24E6-581D-38E5", "BigQuery"),
    "storage": ("95FF-2EF5-5EA1", "Cloud Storage"),
    "vertex": ("C7E2-9256-1C43", "Vertex AI"),
    "invoice": ("", "Invoice"),
}
# name, base USD/day, USD per pricing unit, project, service, SKU id, SKU description, usage unit, pricing unit,
# base units per pricing unit, location, labels, model (for the README; the loader derives x_model itself).
STREAMS = [
    ("compute-prod", "160.00", Decimal("0.031611"), "kestrel-prod", "compute", "CP-N2-CORE-1A2B",
     "N2 Instance Core running in Americas", "seconds", "hour", 3600, "us-central1",
     [("team", "platform"), ("env", "prod")], None),
    ("compute-ml", "88.00", Decimal("0.35"), "kestrel-ml", "compute", "GPU-T4-US-3C4D",
     "Nvidia Tesla T4 GPU running in Americas", "seconds", "hour", 3600, "us-central1",
     [("team", "ml"), ("env", "prod")], None),
    ("bigquery-prod", "42.00", Decimal("6.25"), "kestrel-prod", "bigquery", "BQ-ANALYSIS-5E6F",
     "Analysis", "bytes", "tebibyte", 2 ** 40, "US", [("team", "data"), ("env", "prod")], None),
    ("storage-prod", "14.00", Decimal("0.026"), "kestrel-prod", "storage", "GCS-STD-MR-7A8B",
     "Standard Storage US Multi-region", "byte-seconds", "gibibyte month", 2 ** 30 * 2592000, "US",
     [("team", "platform"), ("env", "prod")], None),
    ("storage-ml", "6.50", Decimal("0.020"), "kestrel-ml", "storage", "GCS-STD-REG-9C0D",
     "Standard Storage US Regional", "byte-seconds", "gibibyte month", 2 ** 30 * 2592000, "us-central1",
     [("team", "ml"), ("env", "prod")], None),
    ("gemini-flash-in", "21.00", Decimal("0.00000015"), "kestrel-ml", "vertex", "VTX-G20F-TI-1E2F",
     "Gemini 2.0 Flash Text Input - Predictions", "count", "count", 1, "us-central1",
     [("team", "ml"), ("app", "doc-summaries")], "gemini-2.0-flash"),
    ("gemini-flash-out", "24.00", Decimal("0.0000006"), "kestrel-ml", "vertex", "VTX-G20F-TO-3A4B",
     "Gemini 2.0 Flash Text Output - Predictions", "count", "count", 1, "us-central1",
     [("team", "ml"), ("app", "doc-summaries")], "gemini-2.0-flash"),
    ("gemini-pro-in", "33.00", Decimal("0.00000125"), "kestrel-ml", "vertex", "VTX-G25P-TI-5C6D",
     "Gemini 2.5 Pro Text Input (<=200k) - Predictions", "count", "count", 1, "us-central1",
     [("team", "ml"), ("app", "research-agent")], "gemini-2.5-pro"),
    ("gemini-pro-out", "47.00", Decimal("0.00001"), "kestrel-ml", "vertex", "VTX-G25P-TO-7E8F",
     "Gemini 2.5 Pro Text and Thinking Output (<=200k) - Predictions", "count", "count", 1, "us-central1",
     [("team", "ml"), ("app", "research-agent")], "gemini-2.5-pro"),
]
HOURS = [2, 8, 14, 20]
TAX_RATE = Decimal("0.06")
SUD_SHARE = Decimal("0.20")
PROMO_SHARE = Decimal("0.50")
PROMO_LAST_DAY = dt.date(2025, 2, 14)
CSV_COLUMNS = [
    "billing_account_id", "service.id", "service.description", "sku.id", "sku.description", "usage_start_time",
    "usage_end_time", "project.id", "project.number", "project.name", "project.labels", "labels",
    "location.location", "location.country", "location.region", "location.zone", "cost", "currency",
    "currency_conversion_rate", "usage.amount", "usage.unit", "usage.amount_in_pricing_units",
    "usage.pricing_unit", "credits", "invoice.month", "invoice.publisher_type", "cost_type", "adjustment_info.id",
    "adjustment_info.description", "adjustment_info.mode", "adjustment_info.type", "export_time", "cost_at_list",
    "transaction_type",
]


def stamp(t, millis=None):
    """A TIMESTAMP as a BigQuery extract renders it: `2025-01-14 10:00:00 UTC`."""
    text = t.strftime("%Y-%m-%d %H:%M:%S")
    if millis is not None:
        text += ".%03d" % millis
    return text + " UTC"


def split(total, parts, places):
    """`total` in `parts` exact pieces at `places` decimals (the last takes the remainder)."""
    piece = money(total / parts, places)
    return [piece] * (parts - 1) + [total - piece * (parts - 1)]


def invoice_month(start):
    """The 20:00 lines of a month's last day are late: they land on the next invoice month."""
    nxt = start + dt.timedelta(hours=4)
    if start.hour == 20 and nxt.month != start.month:
        return nxt.strftime("%Y%m")
    return start.strftime("%Y%m")


def credits_for(stream, start, cost):
    name = stream[0]
    day = start.date()
    if day.month != 2:
        return []
    if name.startswith("compute-"):
        return [dict(name="Sustained Usage Discount", amount=-money(cost * SUD_SHARE, 6),
                     full_name="Sustained Usage Discount", id="SUD-2025-02-" + name,
                     type="SUSTAINED_USAGE_DISCOUNT")]
    if name.startswith("gemini-") and day <= PROMO_LAST_DAY:
        return [dict(name="Vertex AI Gemini launch promotion", amount=-money(cost * PROMO_SHARE, 6),
                     full_name="Vertex AI Gemini launch promotion (Feb 2025)", id="promo-vtx-7f3a",
                     type="PROMOTION")]
    return []


def record(project_id, service, sku_id, sku_desc, start, end, location, labels, cost, usage, credits, invoice,
           cost_type="regular", adjustment=None, export_delay_hours=5):
    project = None
    if project_id:
        p = PROJECTS[project_id]
        project = dict(id=project_id, number=p["number"], name=p["name"],
                       labels=[dict(key=k, value=v) for k, v in p["labels"]], ancestry_numbers="/604418823310/")
    region = None if location in ("US", "global") else location
    export = end + dt.timedelta(hours=export_delay_hours)
    return dict(
        billing_account_id=BILLING_ACCOUNT,
        service=dict(id=SERVICES[service][0], description=SERVICES[service][1]),
        sku=dict(id=sku_id, description=sku_desc),
        usage_start_time=stamp(start), usage_end_time=stamp(end), project=project,
        labels=[dict(key=k, value=v) for k, v in labels], system_labels=[],
        location=dict(location=location, country="US", region=region, zone=None),
        cost=cost, currency="USD", currency_conversion_rate=Decimal("1.0"),
        usage=usage, credits=credits, invoice=dict(month=invoice, publisher_type="GOOGLE"), cost_type=cost_type,
        adjustment_info=adjustment,
        export_time=stamp(export, (start.day * 37 + start.hour * 11) % 1000),
        cost_at_list=cost, transaction_type="GOOGLE")


def usage_records():
    """Every regular line of the three months, in usage order."""
    daily = {(r["day"], r["stream"]): r for r in cloud_daily("gcp", [(s[0], s[1], s[2]) for s in STREAMS])}
    out = []
    for (day, name), row in sorted(daily.items()):
        s = next(x for x in STREAMS if x[0] == name)
        _, _, _, project, service, sku_id, sku_desc, unit, pricing_unit, factor, location, labels, _ = s
        tokens = pricing_unit == "count"
        costs = split(row["cost"], len(HOURS), 6)
        quantity = Decimal(int(row["quantity"])) if tokens else row["quantity"]
        quantities = split(quantity, len(HOURS), 0 if tokens else 6)
        for hour, cost, q in zip(HOURS, costs, quantities):
            start = dt.datetime(day.year, day.month, day.day, hour)
            end = start + dt.timedelta(hours=1)
            usage = dict(amount=q * factor, unit=unit, amount_in_pricing_units=q, pricing_unit=pricing_unit)
            out.append(record(project, service, sku_id, sku_desc, start, end, location, labels, cost, usage,
                              credits_for(s, start, cost), invoice_month(start)))
    return out


def extra_records(by_invoice):
    """Tax per project and invoice month; the March correction and rounding line."""
    extra = []
    for invoice in sorted(by_invoice):
        first = dt.datetime(int(invoice[:4]), int(invoice[4:]), 1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        for project in PROJECTS:
            net = sum((r["cost"] + sum((c["amount"] for c in r["credits"]), Decimal(0))
                       for r in by_invoice[invoice] if r["project"] and r["project"]["id"] == project), Decimal(0))
            tax = money(net * TAX_RATE, 2)
            extra.append(record(project, "invoice", "TAX-US-0000", "Tax", first, nxt, "global", [], tax, None, [],
                                invoice, cost_type="tax", export_delay_hours=30))
    # A February BigQuery line billed twice: the correction negates half of it on the March invoice.
    start = dt.datetime(2025, 2, 12, 8)
    original = next(r for r in by_invoice["202502"]
                    if r["sku"]["id"] == "BQ-ANALYSIS-5E6F" and r["usage_start_time"] == stamp(start))
    s = next(x for x in STREAMS if x[0] == "bigquery-prod")
    half = money(original["cost"] / 2, 6)
    q = money(original["usage"]["amount_in_pricing_units"] / 2, 6)
    usage = dict(amount=-(q * s[9]), unit=s[7], amount_in_pricing_units=-q, pricing_unit=s[8])
    extra.append(record("kestrel-prod", "bigquery", s[5], s[6], start, start + dt.timedelta(hours=1), s[10], s[11],
                        -half, usage, [], "202503", cost_type="adjustment",
                        adjustment=dict(id="adj-7c1e-2025-03",
                                        description="Correction of BigQuery analysis bytes billed twice",
                                        mode="PARTIAL_CORRECTION", type="USAGE_CORRECTION"),
                        export_delay_hours=24 * 20))
    first = dt.datetime(2025, 3, 1)
    extra.append(record(None, "invoice", "ROUNDING-0000", "Rounding error", first, dt.datetime(2025, 4, 1),
                        "global", [], Decimal("0.000003"), None, [], "202503", cost_type="rounding_error",
                        export_delay_hours=30))
    return extra


def number(value):
    """A FLOAT as an extract prints it: its shortest decimal text, no trailing zeros (`10.5714`, `1`)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def json_text(value):
    """JSON as BigQuery's extract writes it: numbers as their exact decimal text, `<`, `>`, `&` escaped."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return number(value)
    if isinstance(value, str):
        return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    if isinstance(value, list):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    return "{" + ",".join(json_text(k) + ":" + json_text(v) for k, v in value.items()) + "}"


def csv_row(r):
    def get(path):
        v = r
        for part in path.split("."):
            v = v.get(part) if isinstance(v, dict) else None
        return v

    out = []
    for column in CSV_COLUMNS:
        v = get(column)
        if column in ("labels", "project.labels", "credits"):
            out.append(json_text(v if v is not None else []))
        elif v is None:
            out.append("")
        elif isinstance(v, Decimal):
            out.append(number(v))
        else:
            out.append(str(v))
    return out


def generate(root):
    folder = os.path.join(root, "gcp")
    os.makedirs(folder, exist_ok=True)
    by_invoice = {}
    for r in usage_records():
        # The 20:00 lines of 31 March belong to the April invoice, whose extract the sample does not have.
        if r["invoice"]["month"] != "202504":
            by_invoice.setdefault(r["invoice"]["month"], []).append(r)
    for r in extra_records(by_invoice):
        by_invoice[r["invoice"]["month"]].append(r)
    totals = []
    for invoice, records in sorted(by_invoice.items()):
        month = invoice[:4] + "-" + invoice[4:]
        assert month in MONTHS
        rows = sum(1 + len(r["credits"]) for r in records)
        net = sum((r["cost"] + sum((c["amount"] for c in r["credits"]), Decimal(0)) for r in records), Decimal(0))
        totals.append(("spend", "gcp", month, "USD", rows, net))
        if invoice == "202503":
            with open(os.path.join(folder, f"invoice-{invoice}.csv"), "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(CSV_COLUMNS)
                for r in records:
                    w.writerow(csv_row(r))
        else:
            text = "".join(json_text(r) + "\n" for r in records).encode("utf-8")
            path = os.path.join(folder, f"invoice-{invoice}-000000000000.json.gz")
            with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
                f.write(text)
    return totals
