"""OpenAI Admin API sample: saved Costs API and Usage API pages for Kestrel Analytics (SampleData/openai/).

    costs/costs-2025-MM-pNN.json              GET /v1/organization/costs?bucket_width=1d&group_by=project_id
                                               &group_by=line_item, one pull per month, 7 daily buckets a page
    usage/completions-2025-MM-pNN.json        GET /v1/organization/usage/completions?bucket_width=1d
                                               &group_by=project_id&group_by=api_key_id&group_by=model&group_by=batch
    usage/embeddings-2025-MM-pNN.json         GET /v1/organization/usage/embeddings (project_id, api_key_id, model)

Usage rows are company.openai_usage(); cost results are company.openai_cost_lines() of each row, so that the
tokens of a day and its dollars agree. January's usage pages were saved before the 2026-07-15 spec sync and have
its old schema (text `input_tokens` including cached, audio apart, no `input_uncached_tokens`); February and March
have the current one. The amounts of 2025-01-15 are written in E-notation (`1.2403100E+1`), which is still an
exact JSON number. Expected totals: spend = the sum of `amount.value` per month; llm_usage = total tokens (OpenAI's
`input_tokens`, cached included, plus `output_tokens`) per month.
"""
import datetime as dt
import os
from collections import defaultdict
from decimal import Decimal

import company
from providers.admin_api_pages import epoch, number, write_pages

E_NOTATION_DAY = dt.date(2025, 1, 15)
OLD_SCHEMA_MONTH = "2025-01"
EMBEDDING_MODELS = {"text-embedding-3-small"}


def openai_usage():
    """company.openai_usage(), which cannot run as written: it multiplies the float `inp / 1000` by the Decimal
    `per_k` (a TypeError). The same rows, with the requests computed in Decimal: `int(inp / 1000 * per_k)` exactly,
    which is what the float expression meant. Everything else is company.py's, stream for stream and seed for seed."""
    out = []
    for d in company.days():
        for project, model, base, out_share, cached_share, per_k in company.OPENAI_STREAMS:
            if model == "o3" and d < company.NEW_MODEL_DAY:
                continue
            if project == "proj_legacybatch01" and d > company.LEGACY_LAST_DAY:
                continue
            r = company.rng("openai", project, model, d)
            volume = Decimal(base) * company.weekday_factor(d) * Decimal(str(round(r.uniform(0.9, 1.1), 3)))
            if model == "gpt-4.1" and project == "proj_websearch01" and d in company.SPIKE_DAYS:
                volume *= company.SPIKE_FACTOR
            inp = int(volume)
            cached = int(inp * cached_share)
            outp = int(inp * out_share)
            requests = max(1, int(Decimal(inp) / 1000 * per_k))
            out.append(dict(day=d, project_id=project, api_key_id=company.OPENAI_KEYS[project], model=model,
                            input_tokens=inp, cached_tokens=cached, output_tokens=outp, requests=requests,
                            batch=False))
    return out


def completions_result(row, old_schema):
    uncached = row["input_tokens"] - row["cached_tokens"]
    result = {
        "object": "organization.usage.completions.result",
        "input_tokens": row["input_tokens"],
        "input_cached_tokens": row["cached_tokens"],
    }
    if not old_schema:
        result["input_cache_write_tokens"] = 0
        result["input_uncached_tokens"] = uncached
        result["input_text_tokens"] = row["input_tokens"]
        result["input_cached_text_tokens"] = row["cached_tokens"]
        result["input_image_tokens"] = 0
    result["input_audio_tokens"] = 0
    result["output_tokens"] = row["output_tokens"]
    if not old_schema:
        result["output_text_tokens"] = row["output_tokens"]
    result["output_audio_tokens"] = 0
    result["num_model_requests"] = row["requests"]
    result.update(project_id=row["project_id"], user_id=None, api_key_id=row["api_key_id"], model=row["model"],
                  batch=row["batch"], service_tier=None)
    return result


def embeddings_result(row):
    return {
        "object": "organization.usage.embeddings.result",
        "input_tokens": row["input_tokens"],
        "num_model_requests": row["requests"],
        "project_id": row["project_id"], "user_id": None, "api_key_id": row["api_key_id"], "model": row["model"],
    }


def cost_results(row):
    uncached = row["input_tokens"] - row["cached_tokens"]
    quantities = {"input": uncached, "cached input": row["cached_tokens"], "output": row["output_tokens"]}
    out = []
    for line_item, amount in company.openai_cost_lines(row):
        kind = line_item.split(", ", 1)[1]
        out.append({
            "object": "organization.costs.result",
            "amount": {"value": number(amount, e_notation=row["day"] == E_NOTATION_DAY), "currency": "usd"},
            "line_item": line_item, "project_id": row["project_id"], "api_key_id": None,
            "quantity": number(quantities[kind]), "quantity_unit": "tokens",
        })
    return out, [amount for _, amount in company.openai_cost_lines(row)]


def bucket(day, results):
    start = epoch(day)
    return {"object": "bucket", "start_time": start, "end_time": start + 86400, "results": results}


def generate(root):
    base = os.path.join(root, "openai")
    usage = openai_usage()
    by_day = defaultdict(list)
    for row in usage:
        by_day[row["day"]].append(row)
    spend_rows = defaultdict(int)
    spend_amount = defaultdict(Decimal)
    usage_rows = defaultdict(int)
    usage_tokens = defaultdict(int)
    for day, rows in by_day.items():
        month = day.strftime("%Y-%m")
        for row in rows:
            _, amounts = cost_results(row)
            spend_rows[month] += len(amounts)
            spend_amount[month] += sum(amounts, Decimal(0))
            usage_rows[month] += 1
            usage_tokens[month] += row["input_tokens"] + row["output_tokens"]

    for month in company.MONTHS:
        old = month == OLD_SCHEMA_MONTH
        write_pages(os.path.join(base, "costs"), "costs", month,
                    lambda d: bucket(d, [r for row in by_day[d] for r in cost_results(row)[0]]), "openai")
        write_pages(os.path.join(base, "usage"), "completions", month,
                    lambda d: bucket(d, [completions_result(row, old) for row in by_day[d]
                                         if row["model"] not in EMBEDDING_MODELS]), "openai")
        write_pages(os.path.join(base, "usage"), "embeddings", month,
                    lambda d: bucket(d, [embeddings_result(row) for row in by_day[d]
                                         if row["model"] in EMBEDDING_MODELS]), "openai")

    totals = []
    for month in company.MONTHS:
        totals.append(("spend", "openai", month, "USD", spend_rows[month], spend_amount[month]))
        totals.append(("llm_usage", "openai", month, "", usage_rows[month], Decimal(usage_tokens[month])))
    return totals
