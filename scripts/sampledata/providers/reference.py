"""Reference data the transforms read: a model price catalog (ours and in LiteLLM's layout), daily exchange rates
in the ECB's layout, and the project → team mapping. No totals: these files are not loaded themselves."""
import csv
import datetime as dt
import json
import os
from decimal import Decimal

import company

# Prices in USD per 1M tokens: the company's own (company.py) for the models it bills, and two more models the
# gateways log.
CATALOG = [
    # model, input, output, cached input, cache write, batch discount
    ("gpt-4.1", "2.00", "8.00", "0.50", "", "0.5"),
    ("gpt-4.1-mini", "0.40", "1.60", "0.10", "", "0.5"),
    ("o3", "2.00", "8.00", "0.50", "", "0.5"),
    ("text-embedding-3-small", "0.02", "0", "", "", "0.5"),
    ("claude-sonnet-4-20250514", "3", "15", "0.30", "3.75", "0.5"),
    ("claude-3-5-haiku-20241022", "0.80", "4", "0.08", "1", "0.5"),
    ("gpt-4o", "2.50", "10.00", "1.25", "", "0.5"),
    ("gemini-2.0-flash", "0.10", "0.40", "0.025", "", ""),
]


def _per_token(per_million):
    return format(Decimal(per_million) / Decimal(1_000_000), "E") if per_million else None


def generate(root):
    prices = os.path.join(root, "prices")
    os.makedirs(prices, exist_ok=True)
    with open(os.path.join(prices, "catalog.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["model", "input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "cache_write_per_mtok",
                    "batch_discount"])
        for row in CATALOG:
            w.writerow(row)
    # The same prices in LiteLLM's layout (per token, E-notation numbers), with the entry LiteLLM starts with.
    entries = {"sample_spec": {"litellm_provider": "one of https://docs.litellm.ai/docs/providers",
                               "input_cost_per_token": 0.0, "output_cost_per_token": 0.0}}
    provider_of = {"gpt": "openai", "o3": "openai", "text": "openai", "claude": "anthropic", "gemini": "vertex_ai"}
    for model, inp, out, cached, write, discount in CATALOG:
        e = {"litellm_provider": provider_of[model.split("-")[0]],
             "mode": "embedding" if "embedding" in model else "chat"}
        e["input_cost_per_token"] = _per_token(inp)
        e["output_cost_per_token"] = _per_token(out)
        if cached:
            e["cache_read_input_token_cost"] = _per_token(cached)
        if write:
            e["cache_creation_input_token_cost"] = _per_token(write)
        if discount:
            keep = Decimal(1) - Decimal(discount)
            e["input_cost_per_token_batches"] = _per_token(str(Decimal(inp) * keep))
            e["output_cost_per_token_batches"] = _per_token(str(Decimal(out) * keep))
        entries[model] = e
    # Numbers are written as JSON numbers from their exact text, never through a float.
    text = json.dumps(entries, indent=2)
    for model, e in entries.items():
        for k, v in e.items():
            if isinstance(v, str) and k.endswith(("_per_token", "_cost", "_batches")):
                text = text.replace(f'"{k}": "{v}"', f'"{k}": {v}', 1)
    with open(os.path.join(prices, "model_prices_and_context_window.json"), "w") as f:
        f.write(text + "\n")

    # ECB-style daily rates (units per 1 EUR), business days only, synthetic.
    fx = os.path.join(root, "fx")
    os.makedirs(fx, exist_ok=True)
    with open(os.path.join(fx, "eurofxref-hist.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Date", "USD", "GBP", "JPY", "CHF"])
        for d in sorted(company.days(), reverse=True):
            if d.weekday() >= 5:
                continue
            r = company.rng("fx", d)
            usd = Decimal("1.0400") + Decimal(str(round(r.uniform(-0.02, 0.04), 4)))
            w.writerow([d.isoformat(), format(usd, "f"), "0.8350", "161.20", "0.9410"])

    lookup = os.path.join(root, "lookup")
    os.makedirs(lookup, exist_ok=True)
    teams = {
        "proj_websearch01": ("search", "CC-410"), "proj_supportbot01": ("support", "CC-220"),
        "proj_datapipe01": ("data", "CC-310"), "proj_legacybatch01": ("data", "CC-310"),
        "wrkspc_support01": ("support", "CC-220"), "wrkspc_research01": ("research", "CC-510"),
    }
    with open(os.path.join(lookup, "projects.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["project_id", "team", "cost_centre"])
        for k, (team, cc) in teams.items():
            w.writerow([k, team, cc])
    return []
