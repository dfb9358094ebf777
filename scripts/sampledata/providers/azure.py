"""Azure sample: Kestrel's cost details exports (actual cost), EA for January and February, MCA for March.

Written from the format notes (billing-exports.md section 5), never from a real export:

- SampleData/azure/ea/kestrel-ea-actualcost-2025-0{1,2}.csv: the enrollment's EA cost details, dataset version
  2024-08-01 (all 57 columns, in order), US dates (MM/DD/YYYY), tags written without their outer braces as EA
  files have been seen to, a byte order mark as Azure writes it.
- SampleData/azure/mca/kestrel-mca-actualcost-2025-03.csv.gz: March, after the move to a Microsoft Customer
  Agreement, dataset version 2023-12-01-preview (all 65 columns), gzip, ISO dates, tags as a JSON object; no
  invoice id yet (the month is not invoiced).

Subscriptions kestrel-prod and kestrel-dev; Virtual Machines, Storage and Azure OpenAI gpt-4o (input, output and
cached input meters, priced per 1K or per 1M tokens). Expected totals: rows and the sum of CostInBillingCurrency.
"""
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import uuid
from decimal import Decimal

import company as co

ENROLLMENT = "8608480"
ENROLLMENT_NAME = "Kestrel Analytics EA"
MCA_ACCOUNT = "5e1c7a3b-2f4d-4b6e-8a9c-0d1e2f3a4b5c:7d8e9f0a-1b2c-4d3e-9f4a-5b6c7d8e9f0a_2019-05-31"
MCA_NAME = "Kestrel Analytics Ltd"
SUBSCRIPTIONS = {
    "prod": ("3f6a0d2c-5b1e-4c7a-9e2f-0a1b2c3d4e01", "kestrel-prod"),
    "dev": ("3f6a0d2c-5b1e-4c7a-9e2f-0a1b2c3d4e02", "kestrel-dev"),
}

# name, base USD per day, unit price, subscription, resource group, meter category, subcategory, meter name, unit,
# product, consumed service, resource type and name, service family, tags.
STREAMS = [
    ("vm-prod", "21.60", "0.192", "prod", "rg-web", "Virtual Machines", "Dv5 Series", "D4s v5", "1 Hour",
     "Virtual Machines Dv5 Series - D4s v5 - US East", "Microsoft.Compute", "virtualMachines/web-01", "Compute",
     {"env": "prod", "team": "platform"}),
    ("vm-dev", "2.00", "0.0416", "dev", "rg-dev", "Virtual Machines", "BS Series", "B2s", "1 Hour",
     "Virtual Machines BS Series - B2s - US East", "Microsoft.Compute", "virtualMachines/dev-01", "Compute",
     {"env": "dev", "team": "platform"}),
    ("storage-prod", "2.30", "0.0184", "prod", "rg-data", "Storage", "Tiered Block Blob", "Hot LRS Data Stored",
     "1 GB/Month", "Blob Storage - Hot LRS - US East", "Microsoft.Storage", "storageAccounts/kestreldata",
     "Storage", {"env": "prod", "team": "data"}),
    ("aoai-4o-in", "6.25", "0.0025", "prod", "rg-ai", "Cognitive Services", "Azure OpenAI",
     "gpt-4o-0806-Inp-glbl Tokens", "1K", "Azure OpenAI", "Microsoft.CognitiveServices", "accounts/aoai-kestrel",
     "AI + Machine Learning", {"env": "prod", "team": "ml"}),
    ("aoai-4o-out", "9.50", "0.01", "prod", "rg-ai", "Cognitive Services", "Azure OpenAI",
     "gpt-4o-0806-Outp-glbl Tokens", "1K", "Azure OpenAI", "Microsoft.CognitiveServices", "accounts/aoai-kestrel",
     "AI + Machine Learning", {"env": "prod", "team": "ml"}),
    ("aoai-4o-cached", "0.80", "1.25", "prod", "rg-ai", "Cognitive Services", "Azure OpenAI",
     "gpt 4o 0806 cached Inp glbl", "1M", "Azure OpenAI", "Microsoft.CognitiveServices", "accounts/aoai-kestrel",
     "AI + Machine Learning", {"env": "prod", "team": "ml"}),
]

EA_COLUMNS = (
    "InvoiceSectionName,AccountName,AccountOwnerId,SubscriptionId,SubscriptionName,ResourceGroup,ResourceLocation,"
    "Date,ProductName,MeterCategory,MeterSubCategory,MeterId,MeterName,MeterRegion,UnitOfMeasure,Quantity,"
    "EffectivePrice,CostInBillingCurrency,CostCenter,ConsumedService,ResourceId,Tags,OfferId,AdditionalInfo,"
    "ServiceInfo1,ServiceInfo2,ResourceName,ReservationId,ReservationName,UnitPrice,ProductOrderId,ProductOrderName,"
    "Term,PublisherType,PublisherName,ChargeType,Frequency,PricingModel,AvailabilityZone,BillingAccountId,"
    "BillingAccountName,BillingCurrencyCode,BillingPeriodStartDate,BillingPeriodEndDate,BillingProfileId,"
    "BillingProfileName,InvoiceSectionId,IsAzureCreditEligible,PartNumber,PayGPrice,PlanName,ServiceFamily,"
    "CostAllocationRuleName,benefitId,benefitName,AccountId,ResourceLocationNormalized"
).split(",")

MCA_COLUMNS = (
    "invoiceId,previousInvoiceId,billingAccountId,billingAccountName,billingProfileId,billingProfileName,"
    "invoiceSectionId,invoiceSectionName,resellerName,resellerMpnId,costCenter,billingPeriodEndDate,"
    "billingPeriodStartDate,servicePeriodEndDate,servicePeriodStartDate,date,serviceFamily,productOrderId,"
    "productOrderName,consumedService,meterId,meterName,meterCategory,meterSubCategory,meterRegion,ProductId,"
    "ProductName,SubscriptionId,subscriptionName,publisherType,publisherId,publisherName,resourceGroupName,"
    "ResourceId,resourceLocation,location,effectivePrice,quantity,unitOfMeasure,chargeType,billingCurrency,"
    "pricingCurrency,costInBillingCurrency,costInPricingCurrency,costInUsd,paygCostInBillingCurrency,paygCostInUsd,"
    "exchangeRatePricingToBilling,exchangeRateDate,isAzureCreditEligible,serviceInfo1,serviceInfo2,additionalInfo,"
    "tags,PayGPrice,frequency,term,reservationId,reservationName,pricingModel,unitPrice,costAllocationRuleName,"
    "benefitId,benefitName,provider"
).split(",")


def meter_id(name):
    return str(uuid.UUID(hashlib.md5(name.encode()).hexdigest()))


def month_bounds(month):
    start = dt.date.fromisoformat(month + "-01")
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end - dt.timedelta(days=1)


def daily(month):
    """(stream, day, cost, quantity) per day and stream of `month`."""
    rows = []
    for row in co.cloud_daily("azure", [(s[0], Decimal(s[1]), Decimal(s[2])) for s in STREAMS]):
        if row["day"].strftime("%Y-%m") == month:
            rows.append(row)
    return rows


def resource(stream):
    sub, group, kind = SUBSCRIPTIONS[stream[3]][0], stream[4], stream[11]
    provider = stream[10]
    return f"/subscriptions/{sub}/resourceGroups/{group}/providers/{provider}/{kind}"


def us(day):
    return day.strftime("%m/%d/%Y")


def ea_rows(month):
    start, last = month_bounds(month)
    rows = []
    for row in daily(month):
        s = next(x for x in STREAMS if x[0] == row["stream"])
        (name, _, price, sub, group, category, subcategory, meter, unit, product, service, kind, family, tags) = s
        sub_id, sub_name = SUBSCRIPTIONS[sub]
        # EA has been seen to write the tags object without its outer braces (billing-exports.md 5.4).
        tag_text = json.dumps(tags, separators=(",", ": "))[1:-1]
        rows.append({
            "InvoiceSectionName": "Kestrel Engineering", "AccountName": "kestrel-ea-account",
            "AccountOwnerId": "billing@kestrel.example", "SubscriptionId": sub_id, "SubscriptionName": sub_name,
            "ResourceGroup": group, "ResourceLocation": "EastUS", "Date": us(row["day"]), "ProductName": product,
            "MeterCategory": category, "MeterSubCategory": subcategory, "MeterId": meter_id(meter),
            "MeterName": meter, "MeterRegion": "US East", "UnitOfMeasure": unit, "Quantity": str(row["quantity"]),
            "EffectivePrice": price, "CostInBillingCurrency": format(row["cost"], "f"), "CostCenter": "eng",
            "ConsumedService": service, "ResourceId": resource(s), "Tags": tag_text, "OfferId": "MS-AZR-0017P",
            "AdditionalInfo": json.dumps({"ServiceType": meter}) if category == "Virtual Machines" else "",
            "ResourceName": kind.split("/")[-1], "UnitPrice": price, "PublisherType": "Azure",
            "PublisherName": "Microsoft", "ChargeType": "Usage", "Frequency": "UsageBased",
            "PricingModel": "On Demand", "BillingAccountId": ENROLLMENT, "BillingAccountName": ENROLLMENT_NAME,
            "BillingCurrencyCode": "USD", "BillingPeriodStartDate": us(start), "BillingPeriodEndDate": us(last),
            "BillingProfileId": ENROLLMENT, "BillingProfileName": ENROLLMENT_NAME, "InvoiceSectionId": "2201190",
            "IsAzureCreditEligible": "True", "PartNumber": "AAD-" + meter_id(meter)[:5].upper(), "PayGPrice": price,
            "ServiceFamily": family, "AccountId": "1906552", "ResourceLocationNormalized": "eastus",
        })
    return rows


def mca_rows(month):
    start, last = month_bounds(month)
    rows = []
    for row in daily(month):
        s = next(x for x in STREAMS if x[0] == row["stream"])
        (name, _, price, sub, group, category, subcategory, meter, unit, product, service, kind, family, tags) = s
        if subcategory == "Azure OpenAI":
            category = "Foundry Models"  # as the Retail Prices API now files Azure OpenAI meters
        sub_id, sub_name = SUBSCRIPTIONS[sub]
        cost = format(row["cost"], "f")
        payg = format(co.money(Decimal(price) * row["quantity"], 6), "f")
        day = row["day"].isoformat()
        rows.append({
            "billingAccountId": MCA_ACCOUNT, "billingAccountName": MCA_NAME, "billingProfileId": "KSTR-ABCD-BG7-PGB",
            "billingProfileName": "Kestrel Analytics", "invoiceSectionId": "KSTR-EFGH-PJA-PGB",
            "invoiceSectionName": "Engineering", "costCenter": "eng", "billingPeriodEndDate": last.isoformat(),
            "billingPeriodStartDate": start.isoformat(), "servicePeriodEndDate": last.isoformat(),
            "servicePeriodStartDate": start.isoformat(), "date": day, "serviceFamily": family,
            "productOrderName": "Azure plan", "consumedService": service, "meterId": meter_id(meter),
            "meterName": meter, "meterCategory": category, "meterSubCategory": subcategory, "meterRegion": "US East",
            "ProductId": "DZH318Z0" + meter_id(meter)[:4].upper(), "ProductName": product, "SubscriptionId": sub_id,
            "subscriptionName": sub_name, "publisherType": "Microsoft", "publisherName": "Microsoft",
            "resourceGroupName": group, "ResourceId": resource(s), "resourceLocation": "eastus", "location": "US East",
            "effectivePrice": price, "quantity": str(row["quantity"]), "unitOfMeasure": unit, "chargeType": "Usage",
            "billingCurrency": "USD", "pricingCurrency": "USD", "costInBillingCurrency": cost,
            "costInPricingCurrency": cost, "costInUsd": cost, "paygCostInBillingCurrency": payg, "paygCostInUsd": payg,
            "exchangeRatePricingToBilling": "1", "exchangeRateDate": start.isoformat(), "isAzureCreditEligible": "True",
            "additionalInfo": "", "tags": json.dumps(tags, separators=(",", ":")), "PayGPrice": price,
            "frequency": "UsageBased", "pricingModel": "OnDemand", "unitPrice": price, "provider": "Azure",
        })
    return rows


def write(path, header, rows, gz=False, bom=False):
    text = io.StringIO()
    if bom:
        text.write("\ufeff")
    w = csv.DictWriter(text, fieldnames=header, lineterminator="\r\n", restval="")
    w.writeheader()
    w.writerows(rows)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.getvalue().encode("utf-8")
    if gz:
        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
            f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def generate(root):
    totals = []
    for month in ["2025-01", "2025-02"]:
        rows = ea_rows(month)
        write(os.path.join(root, "azure", "ea", f"kestrel-ea-actualcost-{month}.csv"), EA_COLUMNS, rows, bom=True)
        amount = sum((Decimal(r["CostInBillingCurrency"]) for r in rows), Decimal(0))
        totals.append(("spend", "azure", month, "USD", len(rows), amount))
    rows = mca_rows("2025-03")
    write(os.path.join(root, "azure", "mca", "kestrel-mca-actualcost-2025-03.csv.gz"), MCA_COLUMNS, rows, gz=True)
    amount = sum((Decimal(r["costInBillingCurrency"]) for r in rows), Decimal(0))
    totals.append(("spend", "azure", "2025-03", "USD", len(rows), amount))
    return totals
