"""Anthropic Admin API sample: saved usage report and cost report pages for Kestrel Analytics (SampleData/anthropic/).

    usage/messages-2025-MM-pNN.json   GET /v1/organizations/usage_report/messages?bucket_width=1d
                                       &group_by[]=workspace_id&group_by[]=api_key_id&group_by[]=model
                                       &group_by[]=service_tier, one pull per month, 7 daily buckets a page
    costs/cost_report-2025-MM-pNN.json GET /v1/organizations/cost_report?group_by[]=workspace_id
                                       &group_by[]=description

Usage rows are company.anthropic_usage(); cost results are company.anthropic_cost_lines() of each row. Amounts are
decimal strings in cents, as the API writes them: a line of $5.520663 is `"552.0663"`. Expected totals: spend =
the sum of the dollars per month; llm_usage = total tokens (uncached input + cache reads + cache writes 5m and 1h +
output) per month.
"""
import os
from collections import defaultdict
from decimal import Decimal

import company
from providers.admin_api_pages import rfc3339, write_pages
import datetime as dt

MODEL_NAMES = {"claude-sonnet-4-20250514": "Claude Sonnet 4", "claude-3-5-haiku-20241022": "Claude Haiku 3.5"}
TOKEN_NAMES = {
    "uncached_input_tokens": "Input Tokens",
    "cache_creation.ephemeral_5m_input_tokens": "Cache Write Tokens (5m)",
    "cache_read_input_tokens": "Cache Read Tokens",
    "output_tokens": "Output Tokens",
}


def usage_result(row):
    return {
        "model": row["model"], "workspace_id": row["workspace_id"], "api_key_id": row["api_key_id"],
        "service_tier": row["service_tier"], "context_window": None,
        "uncached_input_tokens": row["uncached_input_tokens"],
        "cache_read_input_tokens": row["cache_read_input_tokens"],
        "cache_creation": {"ephemeral_5m_input_tokens": row["cache_creation_5m"],
                           "ephemeral_1h_input_tokens": row["cache_creation_1h"]},
        "output_tokens": row["output_tokens"],
        "server_tool_use": {"web_search_requests": 0},
    }


def cents(usd):
    return format((Decimal(usd) * 100).normalize(), "f")


def cost_results(row):
    return [{
        "amount": cents(usd), "currency": "USD", "workspace_id": row["workspace_id"],
        "description": f"{MODEL_NAMES[row['model']]} Usage - {TOKEN_NAMES[kind]}", "cost_type": "tokens",
        "model": row["model"], "token_type": kind, "service_tier": "standard", "context_window": "0-200k",
    } for kind, usd in company.anthropic_cost_lines(row)]


def bucket(day, results):
    return {"starting_at": rfc3339(day), "ending_at": rfc3339(day + dt.timedelta(days=1)), "results": results}


def generate(root):
    base = os.path.join(root, "anthropic")
    by_day = defaultdict(list)
    for row in company.anthropic_usage():
        by_day[row["day"]].append(row)
    spend_rows = defaultdict(int)
    spend_amount = defaultdict(Decimal)
    usage_rows = defaultdict(int)
    usage_tokens = defaultdict(int)
    for day, rows in by_day.items():
        month = day.strftime("%Y-%m")
        for row in rows:
            lines = company.anthropic_cost_lines(row)
            spend_rows[month] += len(lines)
            spend_amount[month] += sum((usd for _, usd in lines), Decimal(0))
            usage_rows[month] += 1
            usage_tokens[month] += (row["uncached_input_tokens"] + row["cache_read_input_tokens"]
                                    + row["cache_creation_5m"] + row["cache_creation_1h"] + row["output_tokens"])

    for month in company.MONTHS:
        write_pages(os.path.join(base, "usage"), "messages", month,
                    lambda d: bucket(d, [usage_result(row) for row in by_day[d]]), "anthropic")
        write_pages(os.path.join(base, "costs"), "cost_report", month,
                    lambda d: bucket(d, [r for row in by_day[d] for r in cost_results(row)]), "anthropic")

    totals = []
    for month in company.MONTHS:
        totals.append(("spend", "anthropic", month, "USD", spend_rows[month], spend_amount[month]))
        totals.append(("llm_usage", "anthropic", month, "", usage_rows[month], Decimal(usage_tokens[month])))
    return totals
