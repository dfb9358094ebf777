"""LLM gateway request logs of Kestrel Analytics, 1 to 7 March 2025, in the three flavors the `gateway_logs`
source reads; the models and prices are company.py's OpenAI and Anthropic ones.

- litellm/spend-logs-2025-03-01_07.jsonl: LiteLLM_SpendLogs rows as JSON (web-search's gpt-4.1 and o3, support-bot's
  claude-sonnet-4 through the LiteLLM proxy). camelCase `startTime`/`endTime`, hashed `api_key`, `spend` in USD,
  cache tokens in `metadata.usage_object`; `prompt_tokens` includes cached and cache-write tokens.
- helicone/request-response-2025-03.csv: Helicone request_response_rmt rows exported as CSV (support-bot's
  gpt-4.1-mini and claude-3-5-haiku); `cost` is USD x 1e9 as an integer; `prompt_tokens` includes
  `prompt_cache_read_tokens` and `prompt_cache_write_tokens`.
- langfuse/observations-2025-03.jsonl: Langfuse observations as ClickHouse JSONEachRow writes them (UInt64 map
  values quoted): research's claude-sonnet-4 GENERATIONs, data-pipeline's text-embedding-3-small EMBEDDINGs and the
  SPANs around them (no usage: the source skips them); `usage_details.input` excludes the cache keys.

Planted (SampleData/gateway/README.md): the SPIKE of gpt-4.1 in web-search on 3-5 March; one LiteLLM request logged
twice (it must collapse); one truncated LiteLLM line and one Helicone row whose completion_tokens is `NaN` (both
rejected); rate-limited requests (LiteLLM `failure` with error code 429, Helicone status 429) with no tokens.

Expected totals: per flavor (the `provider` column of totals.csv holds the flavor, so that these rows never mix
with the OpenAI and Anthropic usage sources'), rows = requests loaded once each, amount = their tokens (input +
cached input + cache write + output).
"""
import csv
import datetime as dt
import hashlib
import json
import os
import uuid
from decimal import Decimal

from company import ANTHROPIC_PRICES, OPENAI_PRICES, SPIKE_DAYS, SPIKE_FACTOR, rng, weekday_factor

DAYS = [dt.date(2025, 3, d) for d in range(1, 8)]
PER_MILLION = Decimal(1_000_000)
# flavor, app, model, provider, requests per weekday, typical prompt tokens, output share, cached share,
# cache-write share.
STREAMS = [
    ("litellm", "web-search", "gpt-4.1", "openai", 40, 3000, Decimal("0.18"), Decimal("0.35"), Decimal("0")),
    ("litellm", "web-search", "o3", "openai", 12, 2500, Decimal("0.30"), Decimal("0.20"), Decimal("0")),
    ("litellm", "support-bot", "claude-sonnet-4-20250514", "anthropic", 18, 4000, Decimal("0.30"), Decimal("0.30"),
     Decimal("0.03")),
    ("helicone", "support-bot", "gpt-4.1-mini", "openai", 70, 1800, Decimal("0.20"), Decimal("0.45"),
     Decimal("0")),
    ("helicone", "support-bot", "claude-3-5-haiku-20241022", "anthropic", 55, 2200, Decimal("0.22"),
     Decimal("0.40"), Decimal("0.03")),
    ("langfuse", "research", "claude-sonnet-4-20250514", "anthropic", 45, 6000, Decimal("0.12"), Decimal("0.60"),
     Decimal("0.03")),
    ("langfuse", "data-pipeline", "text-embedding-3-small", "openai", 25, 800, Decimal("0"), Decimal("0"),
     Decimal("0")),
]
HELICONE_ORG = "7d1f0a52-93c4-4b7e-9a61-2f5c8e3d4b10"
LANGFUSE_PROJECT = "cm7k3str3l0resrch"
LITELLM_ORG = "org-kestrel-platform"


def cost_of(req):
    """USD at the company's prices, exact."""
    uncached = req["prompt"] - req["cached"] - req["write"]
    if req["provider"] == "openai":
        p_in, p_cached, p_out = OPENAI_PRICES[req["model"]]
        return (uncached * p_in + req["cached"] * p_cached + req["output"] * p_out) / PER_MILLION
    p_in, p_w5, _, p_read, p_out = ANTHROPIC_PRICES[req["model"]]
    return (uncached * p_in + req["write"] * p_w5 + req["cached"] * p_read + req["output"] * p_out) / PER_MILLION


def requests():
    """Every request: dict(flavor, app, model, provider, id, start (datetime with ms), latency_ms, prompt
    (including cached and cache-write), cached, write, output, failed, cost)."""
    out = []
    for flavor, app, model, provider, per_day, prompt, out_share, cached_share, write_share in STREAMS:
        for day in DAYS:
            n = Decimal(per_day) * weekday_factor(day)
            if model == "gpt-4.1" and app == "web-search" and day in SPIKE_DAYS:
                n *= SPIKE_FACTOR
            for i in range(int(n)):
                r = rng("gateway", flavor, app, model, day, i)
                seconds = r.randrange(86400)
                start = dt.datetime(day.year, day.month, day.day) + dt.timedelta(
                    seconds=seconds, milliseconds=r.randrange(1000))
                failed = r.random() < 1 / 45 and model != "text-embedding-3-small"
                p = int(prompt * r.uniform(0.5, 1.5))
                cached = int(p * cached_share * Decimal(str(round(r.uniform(0.8, 1.2), 3))))
                write = int(p * write_share)
                output = int(p * out_share * Decimal(str(round(r.uniform(0.6, 1.4), 3))))
                if failed:
                    p = cached = write = output = 0
                latency = r.randrange(120, 400) if failed else r.randrange(350, 9000 if model == "o3" else 4000)
                req = dict(flavor=flavor, app=app, model=model, provider=provider,
                           id=str(uuid.UUID(int=r.getrandbits(128), version=4)), start=start, latency_ms=latency,
                           prompt=p, cached=cached, write=write, output=output, failed=failed)
                req["cost"] = cost_of(req)
                out.append(req)
    return sorted(out, key=lambda q: (q["flavor"], q["start"], q["id"]))


def tokens(req):
    return req["prompt"] + req["output"]


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def ch_ms(t):
    """DateTime64(3) as ClickHouse prints it."""
    return t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (t.microsecond // 1000)


def number(d, places):
    text = format(d.quantize(Decimal(1).scaleb(-places)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def litellm_line(req):
    end = req["start"] + dt.timedelta(milliseconds=req["latency_ms"])
    usage = {"prompt_tokens": req["prompt"], "completion_tokens": req["output"]}
    if req["provider"] == "anthropic":
        usage["cache_read_input_tokens"] = req["cached"]
        usage["cache_creation_input_tokens"] = req["write"]
    else:
        usage["prompt_tokens_details"] = {"cached_tokens": req["cached"]}
    metadata = {"usage_object": usage, "user_api_key_team_alias": req["app"]}
    if req["failed"]:
        metadata = {"error_information": {"error_code": "429", "error_class": "RateLimitError"}}
    record = {
        "request_id": "chatcmpl-" + req["id"], "call_type": "acompletion",
        "api_key": hashlib.sha256(("sk-litellm-" + req["app"]).encode()).hexdigest(),
        "spend": "@SPEND@", "total_tokens": tokens(req), "prompt_tokens": req["prompt"],
        "completion_tokens": req["output"], "startTime": iso_ms(req["start"]), "endTime": iso_ms(end),
        "request_duration_ms": req["latency_ms"], "model": req["model"], "model_group": req["model"],
        "custom_llm_provider": req["provider"], "user": "svc-" + req["app"], "end_user": None,
        "team_id": req["app"], "organization_id": LITELLM_ORG, "metadata": metadata, "cache_hit": "False",
        "request_tags": [req["app"], "prod"], "status": "failure" if req["failed"] else "success",
    }
    # spend is a Float column: a JSON number, written from the exact decimal.
    return json.dumps(record, separators=(",", ":")).replace('"@SPEND@"', number(req["cost"], 10))


HELICONE_COLUMNS = [
    "request_id", "request_created_at", "response_created_at", "latency", "time_to_first_token", "status", "model",
    "provider", "prompt_tokens", "completion_tokens", "prompt_cache_write_tokens", "prompt_cache_read_tokens",
    "user_id", "organization_id", "proxy_key_id", "properties", "cost", "updated_at",
]


def helicone_row(req):
    end = req["start"] + dt.timedelta(milliseconds=req["latency_ms"])
    cost = (req["cost"] * Decimal(1_000_000_000)).quantize(Decimal(1))
    return [
        req["id"], ch_ms(req["start"]), "" if req["failed"] else ch_ms(end), req["latency_ms"],
        "" if req["failed"] else min(req["latency_ms"], 180 + req["latency_ms"] // 7),
        429 if req["failed"] else 200, req["model"], req["provider"].upper(),
        "" if req["failed"] else req["prompt"], "" if req["failed"] else req["output"], req["write"], req["cached"],
        "agent-" + str(int(req["id"][:4], 16) % 40), HELICONE_ORG, "", "{'Helicone-Property-App':'support-bot'}",
        int(cost), ch_ms(end + dt.timedelta(seconds=2)),
    ]


def langfuse_lines(req, index):
    end = req["start"] + dt.timedelta(milliseconds=req["latency_ms"])
    uncached = req["prompt"] - req["cached"] - req["write"]
    embedding = req["model"].startswith("text-embedding")
    usage = {"input": str(uncached)}
    costs = {}
    if embedding:
        p_in = OPENAI_PRICES[req["model"]][0]
        costs["input"] = uncached * p_in / PER_MILLION
    else:
        p_in, p_w5, _, p_read, p_out = ANTHROPIC_PRICES[req["model"]]
        usage.update(output=str(req["output"]), cache_read_input_tokens=str(req["cached"]),
                     cache_creation_input_tokens=str(req["write"]))
        costs.update(input=uncached * p_in / PER_MILLION, output=req["output"] * p_out / PER_MILLION,
                     cache_read_input_tokens=req["cached"] * p_read / PER_MILLION,
                     cache_creation_input_tokens=req["write"] * p_w5 / PER_MILLION)
    usage["total"] = str(tokens(req))
    trace = "trace-" + req["id"][:13]
    observation = {
        "id": req["id"], "trace_id": trace, "project_id": LANGFUSE_PROJECT,
        "type": "EMBEDDING" if embedding else "GENERATION", "parent_observation_id": None,
        "start_time": ch_ms(req["start"]), "end_time": ch_ms(end), "name": req["app"] + ("-embed" if embedding
                                                                                         else "-answer"),
        "level": "DEFAULT", "environment": "production", "provided_model_name": req["model"],
        "usage_details": usage, "cost_details": "@COSTS@", "total_cost": "@TOTAL@", "is_deleted": 0,
    }
    text = json.dumps(observation, separators=(",", ":"))
    cost_text = "{" + ",".join(f'"{k}":{number(v, 12)}' for k, v in costs.items()) + "}"
    total = sum(costs.values(), Decimal(0))
    lines = [text.replace('"@COSTS@"', cost_text).replace('"@TOTAL@"', number(total, 12))]
    if index % 4 == 0:
        span = {"id": "span-" + req["id"][:18], "trace_id": trace, "project_id": LANGFUSE_PROJECT, "type": "SPAN",
                "parent_observation_id": None, "start_time": ch_ms(req["start"] - dt.timedelta(milliseconds=40)),
                "end_time": ch_ms(end + dt.timedelta(milliseconds=15)), "name": req["app"] + "-retrieve",
                "level": "DEFAULT", "environment": "production", "usage_details": {}, "is_deleted": 0}
        lines.insert(0, json.dumps(span, separators=(",", ":")))
    return lines, total


def generate(root):
    folder = os.path.join(root, "gateway")
    for sub in ("litellm", "helicone", "langfuse"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    every = requests()
    totals = []
    by = {f: [q for q in every if q["flavor"] == f] for f in ("litellm", "helicone", "langfuse")}

    lite = by["litellm"]
    lines = [litellm_line(q) for q in lite]
    duplicate = lines[100]
    truncated = lite[700]
    lines[700] = lines[700][:150]
    lines.insert(560, duplicate)
    loaded = [q for i, q in enumerate(lite) if i != 700]
    with open(os.path.join(folder, "litellm", "spend-logs-2025-03-01_07.jsonl"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    totals.append(("llm_usage", "litellm", "2025-03", "", len(loaded), sum(tokens(q) for q in loaded)))

    helicone = by["helicone"]
    bad = 333
    with open(os.path.join(folder, "helicone", "request-response-2025-03.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HELICONE_COLUMNS)
        for i, q in enumerate(helicone):
            row = helicone_row(q)
            if i == bad:
                row[HELICONE_COLUMNS.index("completion_tokens")] = "NaN"
            w.writerow(row)
    loaded = [q for i, q in enumerate(helicone) if i != bad]
    totals.append(("llm_usage", "helicone", "2025-03", "", len(loaded), sum(tokens(q) for q in loaded)))

    langfuse = by["langfuse"]
    out = []
    for i, q in enumerate(langfuse):
        out.extend(langfuse_lines(q, i)[0])
    with open(os.path.join(folder, "langfuse", "observations-2025-03.jsonl"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in out))
    totals.append(("llm_usage", "langfuse", "2025-03", "", len(langfuse), sum(tokens(q) for q in langfuse)))
    generate.planted = dict(duplicate=lite[100]["id"], truncated=truncated["id"], helicone_bad=helicone[bad]["id"])
    return totals
