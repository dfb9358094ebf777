#!/usr/bin/env python3
"""Writes a synthetic CSV shaped like an AWS Cost and Usage Report (legacy column names, 40 columns): ISO
timestamps, decimals with up to 10 places, empty cells, quoted fields with commas. Deterministic for a seed.

usage: gen-cur.py ROWS OUT.csv [--seed N]
"""
import random, sys

COLUMNS = [
    "identity/LineItemId", "identity/TimeInterval", "bill/InvoiceId", "bill/BillingEntity", "bill/BillType",
    "bill/PayerAccountId", "bill/BillingPeriodStartDate", "bill/BillingPeriodEndDate", "lineItem/UsageAccountId",
    "lineItem/LineItemType", "lineItem/UsageStartDate", "lineItem/UsageEndDate", "lineItem/ProductCode",
    "lineItem/UsageType", "lineItem/Operation", "lineItem/AvailabilityZone", "lineItem/ResourceId",
    "lineItem/UsageAmount", "lineItem/NormalizationFactor", "lineItem/NormalizedUsageAmount",
    "lineItem/CurrencyCode", "lineItem/UnblendedRate", "lineItem/UnblendedCost", "lineItem/BlendedRate",
    "lineItem/BlendedCost", "lineItem/LineItemDescription", "lineItem/TaxType", "lineItem/LegalEntity",
    "product/ProductName", "product/region", "product/instanceType", "product/location", "pricing/term",
    "pricing/unit", "pricing/publicOnDemandCost", "pricing/publicOnDemandRate", "reservation/ReservationARN",
    "savingsPlan/SavingsPlanARN", "resourceTags/user:team", "resourceTags/user:env",
]

PRODUCTS = [
    ("AmazonEC2", "BoxUsage:m5.xlarge", "RunInstances", "Amazon Elastic Compute Cloud", "m5.xlarge", "Hrs"),
    ("AmazonS3", "TimedStorage-ByteHrs", "PutObject", "Amazon Simple Storage Service", "", "GB-Mo"),
    ("AmazonBedrock", "USE1-Claude3Sonnet-input-tokens", "InvokeModel", "Amazon Bedrock", "", "1K tokens"),
    ("AmazonRDS", "InstanceUsage:db.r5.large", "CreateDBInstance:0002", "Amazon Relational Database Service",
     "db.r5.large", "Hrs"),
    ("AWSLambda", "Request", "Invoke", "AWS Lambda", "", "Requests"),
]
REGIONS = [("us-east-1", "US East (N. Virginia)"), ("eu-west-1", "EU (Ireland)"), ("ap-southeast-2", "Asia Pacific (Sydney)")]
TYPES = ["Usage"] * 18 + ["Tax", "Credit"]


def main():
    rows = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--seed" else 42
    rnd = random.Random(seed)
    accounts = [str(rnd.randint(10**11, 10**12 - 1)) for _ in range(40)]
    teams = ["search", "platform", "data", "ml", ""]
    with open(out, "w", newline="") as f:
        f.write(",".join(COLUMNS) + "\n")
        buf = []
        for i in range(rows):
            day = 1 + i % 28
            hour = i % 24
            code, utype, op, pname, itype, unit = PRODUCTS[i % len(PRODUCTS)]
            region, location = REGIONS[i % 3]
            kind = TYPES[i % len(TYPES)]
            amount = rnd.randint(1, 10**9) / 10**6
            rate = rnd.randint(1, 10**8) / 10**10
            cost = round(amount * rate, 10) if kind != "Credit" else -round(amount * rate, 10)
            start = f"2025-03-{day:02d}T{hour:02d}:00:00Z"
            end = f"2025-03-{day:02d}T{hour:02d}:59:59Z"
            resource = f"arn:aws:ec2:{region}:{accounts[i % 40]}:instance/i-{i:016x}" if i % 4 else ""
            desc = f'"${rate:.10f} per {unit}, {pname} in {location}"'
            row = [
                f"li-{i:012d}-{seed}", "2025-03-01T00:00:00Z/2025-04-01T00:00:00Z", "" if i % 10 else "EUINGB25-12345",
                "AWS", "Anniversary", accounts[0], "2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z", accounts[i % 40],
                kind, start, end, code, utype, op, f"{region}a" if i % 3 else "", resource, f"{amount:.6f}",
                "1.0" if itype else "", f"{amount:.6f}" if itype else "", "USD", f"{rate:.10f}", f"{cost:.10f}",
                f"{rate:.10f}", f"{cost:.10f}", desc, "" if kind != "Tax" else "VAT", "Amazon Web Services EMEA SARL",
                pname, region, itype, location, "OnDemand" if i % 7 else "Reserved", unit, f"{abs(cost):.10f}",
                f"{rate:.10f}", "" if i % 7 else f"arn:aws:ec2:{region}:{accounts[0]}:reserved-instances/r-{i:08x}",
                "", teams[i % 5], "prod" if i % 2 else "staging",
            ]
            buf.append(",".join(row))
            if len(buf) >= 10000:
                f.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            f.write("\n".join(buf) + "\n")


if __name__ == "__main__":
    main()
