"""MongoDB Atlas for Kestrel Analytics, as its FOCUS 1.2 cost and usage export: a third-party provider the company
pays besides the clouds, read by the `focus` source.

One CSV per billing period (mongodb-atlas-focus-2025-01.csv …), one row per cluster, service and day, with a
Tags column (JSON object) and FOCUS's real NULLs (empty cells). January and February are invoiced (InvoiceId set:
`final`), March is not yet (`estimated`). February carries one Credit row: a promotional credit of 150.00 USD.
"""
import csv
import datetime as dt
import json
import os
from decimal import Decimal

from company import cloud_daily

ORG_ID = "5f8e2b7c9d1a4e6f3b2c1a0d"
ORG_NAME = "Kestrel Analytics"
PROJECTS = {
    "prod": ("64a1c3e5f7b9d2e4a6c8e0f1", "kestrel-prod"),
    "analytics": ("64a1c3e5f7b9d2e4a6c8e0f2", "kestrel-analytics"),
}
# stream, base USD/day, USD per pricing unit, project, service, subcategory, SKU, description, pricing unit,
# consumed unit, resource (cluster), region, tags.
STREAMS = [
    ("m40-prod", "62.40", Decimal("1.04"), "prod", "MongoDB Atlas", "Other (Databases)", "ATLAS_AWS_INSTANCE_M40",
     "Atlas AWS Instance M40", "Hours", "Hours", "prod-main", "us-east-1",
     {"cluster": "prod-main", "env": "prod", "team": "platform"}),
    ("backup-prod", "7.80", Decimal("0.14"), "prod", "MongoDB Atlas", "Other (Databases)",
     "ATLAS_BACKUP_SNAPSHOT_STORAGE", "Atlas Backup Snapshot Storage", "GB-Months", "GB-Months", "prod-main",
     "us-east-1", {"cluster": "prod-main", "env": "prod", "team": "platform"}),
    ("transfer-prod", "4.10", Decimal("0.09"), "prod", "MongoDB Atlas", "Other (Databases)",
     "ATLAS_DATA_TRANSFER_INTERNET", "Atlas Data Transfer (Internet)", "GB", "GB", "prod-main", "us-east-1",
     {"cluster": "prod-main", "env": "prod", "team": "platform"}),
    ("m30-analytics", "25.20", Decimal("0.54"), "analytics", "MongoDB Atlas", "Other (Databases)",
     "ATLAS_AWS_INSTANCE_M30", "Atlas AWS Instance M30", "Hours", "Hours", "analytics-1", "us-east-1",
     {"cluster": "analytics-1", "env": "prod", "team": "data"}),
    ("search-analytics", "9.60", Decimal("0.40"), "analytics", "Atlas Search", "Other (Databases)",
     "ATLAS_SEARCH_NODE_S30", "Atlas Search Node S30", "Hours", "Hours", "analytics-1", "us-east-1",
     {"cluster": "analytics-1", "env": "prod", "team": "data"}),
]
INVOICES = {"2025-01": "INV-ATLAS-2025-01-1187", "2025-02": "INV-ATLAS-2025-02-1242"}
CREDIT = ("2025-02", Decimal("-150.00"), "Atlas promotional credit (startup program)")
COLUMNS = [
    "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency", "BillingPeriodStart",
    "BillingPeriodEnd", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency",
    "ChargePeriodStart", "ChargePeriodEnd", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
    "ContractedUnitPrice", "EffectiveCost", "InvoiceId", "InvoiceIssuerName", "ListCost", "ListUnitPrice",
    "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName",
    "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId",
    "SkuPriceId", "SubAccountId", "SubAccountName", "SubAccountType", "Tags",
]


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def month_bounds(month):
    first = dt.datetime(int(month[:4]), int(month[5:]), 1)
    return first, (first + dt.timedelta(days=32)).replace(day=1)


def row(month, **values):
    start, end = month_bounds(month)
    base = dict(BillingAccountId=ORG_ID, BillingAccountName=ORG_NAME, BillingAccountType="Organization",
                BillingCurrency="USD", BillingPeriodStart=iso(start), BillingPeriodEnd=iso(end),
                InvoiceId=INVOICES.get(month, ""), InvoiceIssuerName="MongoDB, Inc.", ProviderName="MongoDB",
                PublisherName="MongoDB", SubAccountType="Project", ServiceCategory="Databases")
    base.update(values)
    return [str(base.get(c, "")) for c in COLUMNS]


def generate(root):
    folder = os.path.join(root, "focus")
    os.makedirs(folder, exist_ok=True)
    daily = cloud_daily("mongodb", [(s[0], s[1], s[2]) for s in STREAMS])
    by_month = {}
    for r in sorted(daily, key=lambda r: (r["day"], r["stream"])):
        by_month.setdefault(r["day"].strftime("%Y-%m"), []).append(r)
    totals = []
    for month, usage in sorted(by_month.items()):
        rows = []
        billed = Decimal(0)
        for r in usage:
            (name, _, price, project, service, subcategory, sku, description, pricing_unit, consumed_unit, cluster,
             region, tags) = next(s for s in STREAMS if s[0] == r["stream"])
            day = dt.datetime(r["day"].year, r["day"].month, r["day"].day)
            cost = r["cost"]
            billed += cost
            rows.append(row(
                month, ChargeCategory="Usage", ChargeDescription=f"{description} ({cluster})",
                ChargeFrequency="Usage-Based", ChargePeriodStart=iso(day),
                ChargePeriodEnd=iso(day + dt.timedelta(days=1)), ConsumedQuantity=r["quantity"],
                ConsumedUnit=consumed_unit, BilledCost=cost, ContractedCost=cost, ContractedUnitPrice=price, EffectiveCost=cost,
                ListCost=cost, ListUnitPrice=price, PricingCategory="Standard", PricingQuantity=r["quantity"],
                PricingUnit=pricing_unit, RegionId=region, RegionName="US East (N. Virginia)",
                ResourceId=f"{PROJECTS[project][0]}/{cluster}", ResourceName=cluster, ResourceType="Cluster",
                ServiceName=service, ServiceSubcategory=subcategory, SkuId=sku, SkuPriceId=f"{sku}:{region}",
                SubAccountId=PROJECTS[project][0], SubAccountName=PROJECTS[project][1],
                Tags=json.dumps(tags, separators=(",", ":"))))
        if month == CREDIT[0]:
            start, end = month_bounds(month)
            billed += CREDIT[1]
            rows.append(row(
                month, ChargeCategory="Credit", ChargeDescription=CREDIT[2], ChargeFrequency="One-Time",
                ChargePeriodStart=iso(start), ChargePeriodEnd=iso(end), ContractedCost="0", EffectiveCost=CREDIT[1],
                BilledCost=CREDIT[1], ListCost="0", ServiceName="MongoDB Atlas", ServiceSubcategory="Other (Databases)",
                SubAccountId=PROJECTS["prod"][0], SubAccountName=PROJECTS["prod"][1]))
        path = os.path.join(folder, f"mongodb-atlas-focus-{month}.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(COLUMNS)
            w.writerows(rows)
        totals.append(("spend", "mongodb", month, "USD", len(rows), billed))
    return totals
