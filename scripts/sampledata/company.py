"""Kestrel Analytics, the fictional company of the sample data: what it runs, and what happened to it.

Every provider's generator draws from this one description, so that the exports agree with each other (the
OpenAI usage and the OpenAI costs of a day are the same tokens), and the planted events are the same events
everywhere. Nothing here comes from a real export. Values are deterministic (a seeded generator), money is
Decimal throughout.

The planted events (SampleData/README.md lists them with their numbers):
- SPIKE: OpenAI gpt-4.1 in project web-search runs about 6x its usual volume on 2025-03-03 to 2025-03-05.
- NEW MODEL: o3 appears in project web-search on 2025-02-20 and spends from then on.
- STOPPED: project legacy-batch (OpenAI) reports every day until 2025-02-14, then nothing.
- CACHE DROP: Anthropic workspace research loses its prompt cache from 2025-03-10: the cached share of input
  falls from about 60 % to about 5 %, so its cost per 1K tokens rises.
- CREDIT: AWS grants a 50.00 USD promotional credit in January; GCP credits (sustained use, promotion) in
  February, as negative amounts in credits[].
- RESTATED MONTH: AWS delivers February twice: a first, estimated delivery (without 2025-02-27 and -28 and
  without the EC2 line of the 26th), then the final one, with an invoice id and all days.
"""
import datetime as dt
import random
from decimal import Decimal, ROUND_HALF_EVEN

START = dt.date(2025, 1, 1)
END = dt.date(2025, 4, 1)  # exclusive
MONTHS = ["2025-01", "2025-02", "2025-03"]

SPIKE_DAYS = {dt.date(2025, 3, 3), dt.date(2025, 3, 4), dt.date(2025, 3, 5)}
SPIKE_FACTOR = Decimal("6.3")
NEW_MODEL_DAY = dt.date(2025, 2, 20)
LEGACY_LAST_DAY = dt.date(2025, 2, 14)
CACHE_DROP_DAY = dt.date(2025, 3, 10)


def days():
    d = START
    while d < END:
        yield d
        d += dt.timedelta(days=1)


def money(x, places=6):
    return Decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def rng(*key):
    """A generator seeded by a key, so that every value is the same on every run and every machine."""
    return random.Random("|".join(str(k) for k in key))


def weekday_factor(d):
    """Less work at weekends: a weekly pattern the detectors must not mistake for anomalies."""
    return Decimal("0.55") if d.weekday() >= 5 else Decimal("1")


# --- LLM usage: OpenAI -------------------------------------------------------------------------------------

OPENAI_ORG = "org-kestrel7Ad2"
OPENAI_PROJECTS = {
    "proj_websearch01": "web-search",
    "proj_supportbot01": "support-bot",
    "proj_datapipe01": "data-pipeline",
    "proj_legacybatch01": "legacy-batch",
}
OPENAI_KEYS = {
    "proj_websearch01": "key_ws_prod",
    "proj_supportbot01": "key_sb_prod",
    "proj_datapipe01": "key_dp_etl",
    "proj_legacybatch01": "key_lb_cron",
}
# USD per 1M tokens: input, cached input, output (https://openai.com/api/pricing, as a fictional snapshot).
OPENAI_PRICES = {
    "gpt-4.1": (Decimal("2.00"), Decimal("0.50"), Decimal("8.00")),
    "gpt-4.1-mini": (Decimal("0.40"), Decimal("0.10"), Decimal("1.60")),
    "o3": (Decimal("2.00"), Decimal("0.50"), Decimal("8.00")),
    "text-embedding-3-small": (Decimal("0.02"), Decimal("0"), Decimal("0")),
}
# (project, model): typical daily input tokens, output share, cached share, requests per 1K input tokens.
OPENAI_STREAMS = [
    ("proj_websearch01", "gpt-4.1", 9_000_000, Decimal("0.18"), Decimal("0.35"), Decimal("0.9")),
    ("proj_supportbot01", "gpt-4.1", 4_000_000, Decimal("0.25"), Decimal("0.50"), Decimal("1.4")),
    ("proj_supportbot01", "gpt-4.1-mini", 12_000_000, Decimal("0.20"), Decimal("0.45"), Decimal("2.0")),
    ("proj_datapipe01", "gpt-4.1-mini", 20_000_000, Decimal("0.10"), Decimal("0.10"), Decimal("0.3")),
    ("proj_datapipe01", "text-embedding-3-small", 60_000_000, Decimal("0"), Decimal("0"), Decimal("0.1")),
    ("proj_legacybatch01", "gpt-4.1-mini", 6_000_000, Decimal("0.15"), Decimal("0.05"), Decimal("0.2")),
    ("proj_websearch01", "o3", 3_000_000, Decimal("0.30"), Decimal("0.20"), Decimal("0.4")),
]


def openai_usage():
    """Daily usage rows: dict(day, project_id, api_key_id, model, input_tokens (including cached, as OpenAI
    counts them), cached_tokens, output_tokens, requests, batch=False)."""
    out = []
    for d in days():
        for project, model, base, out_share, cached_share, per_k in OPENAI_STREAMS:
            if model == "o3" and d < NEW_MODEL_DAY:
                continue
            if project == "proj_legacybatch01" and d > LEGACY_LAST_DAY:
                continue
            r = rng("openai", project, model, d)
            volume = Decimal(base) * weekday_factor(d) * Decimal(str(round(r.uniform(0.9, 1.1), 3)))
            if model == "gpt-4.1" and project == "proj_websearch01" and d in SPIKE_DAYS:
                volume *= SPIKE_FACTOR
            inp = int(volume)
            cached = int(inp * cached_share)
            outp = int(inp * out_share)
            requests = max(1, int(Decimal(inp) / 1000 * per_k))
            out.append(dict(day=d, project_id=project, api_key_id=OPENAI_KEYS[project], model=model,
                            input_tokens=inp, cached_tokens=cached, output_tokens=outp, requests=requests,
                            batch=False))
    return out


def openai_cost_lines(row):
    """The billed lines of one usage row: (line_item, amount in USD), exact to 12 places then rounded to 6."""
    price_in, price_cached, price_out = OPENAI_PRICES[row["model"]]
    per = Decimal(1_000_000)
    uncached = row["input_tokens"] - row["cached_tokens"]
    lines = [(f"{row['model']}, input", money(Decimal(uncached) * price_in / per))]
    if row["cached_tokens"] and price_cached:
        lines.append((f"{row['model']}, cached input", money(Decimal(row["cached_tokens"]) * price_cached / per)))
    if row["output_tokens"] and price_out:
        lines.append((f"{row['model']}, output", money(Decimal(row["output_tokens"]) * price_out / per)))
    return lines


# --- LLM usage: Anthropic ----------------------------------------------------------------------------------

ANTHROPIC_ORG = "org_kestrel_5f1c"
ANTHROPIC_WORKSPACES = {"wrkspc_support01": "support", "wrkspc_research01": "research"}
ANTHROPIC_KEYS = {"wrkspc_support01": "apikey_support_prod", "wrkspc_research01": "apikey_research_nb"}
# USD per 1M tokens: input, cache write 5m, cache write 1h, cache read, output.
ANTHROPIC_PRICES = {
    "claude-sonnet-4-20250514": (Decimal("3"), Decimal("3.75"), Decimal("6"), Decimal("0.30"), Decimal("15")),
    "claude-3-5-haiku-20241022": (Decimal("0.80"), Decimal("1"), Decimal("1.6"), Decimal("0.08"), Decimal("4")),
}
ANTHROPIC_STREAMS = [
    ("wrkspc_support01", "claude-3-5-haiku-20241022", 15_000_000, Decimal("0.22"), Decimal("0.40")),
    ("wrkspc_research01", "claude-sonnet-4-20250514", 8_000_000, Decimal("0.12"), Decimal("0.60")),
    ("wrkspc_support01", "claude-sonnet-4-20250514", 2_000_000, Decimal("0.30"), Decimal("0.30")),
]


def anthropic_usage():
    """Daily usage rows: dict(day, workspace_id, api_key_id, model, uncached_input_tokens,
    cache_creation_5m, cache_creation_1h, cache_read_input_tokens, output_tokens, service_tier)."""
    out = []
    for d in days():
        for ws, model, base, out_share, cached_share in ANTHROPIC_STREAMS:
            r = rng("anthropic", ws, model, d)
            total_in = int(Decimal(base) * weekday_factor(d) * Decimal(str(round(r.uniform(0.9, 1.1), 3))))
            share = cached_share
            if ws == "wrkspc_research01" and d >= CACHE_DROP_DAY:
                share = Decimal("0.05")
            cache_read = int(total_in * share)
            cache_write = int(total_in * Decimal("0.03"))
            uncached = total_in - cache_read - cache_write
            out.append(dict(day=d, workspace_id=ws, api_key_id=ANTHROPIC_KEYS[ws], model=model,
                            uncached_input_tokens=uncached, cache_creation_5m=cache_write, cache_creation_1h=0,
                            cache_read_input_tokens=cache_read, output_tokens=int(total_in * out_share),
                            service_tier="standard"))
    return out


def anthropic_cost_lines(row):
    """(token_type, cost in USD) per billed token type of one usage row."""
    p_in, p_w5, p_w1, p_read, p_out = ANTHROPIC_PRICES[row["model"]]
    per = Decimal(1_000_000)
    parts = [
        ("uncached_input_tokens", row["uncached_input_tokens"], p_in),
        ("cache_creation.ephemeral_5m_input_tokens", row["cache_creation_5m"], p_w5),
        ("cache_read_input_tokens", row["cache_read_input_tokens"], p_read),
        ("output_tokens", row["output_tokens"], p_out),
    ]
    return [(kind, money(Decimal(n) * p / per)) for kind, n, p in parts if n]


# --- Cloud -------------------------------------------------------------------------------------------------

def cloud_daily(provider, streams):
    """Daily cost of each stream (name, base USD per day, noise): dict(day, stream, cost, quantity)."""
    out = []
    for d in days():
        for name, base, unit_price in streams:
            r = rng(provider, name, d)
            cost = money(Decimal(base) * weekday_factor(d) * Decimal(str(round(r.uniform(0.92, 1.08), 4))))
            quantity = money(cost / unit_price, 6) if unit_price else None
            out.append(dict(day=d, stream=name, cost=cost, quantity=quantity))
    return out
