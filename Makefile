# The two commands a new machine needs: `make demo` and `make test`. Everything else is a helper of theirs.
SWIFT ?= swift
.DEFAULT_GOAL := help

.PHONY: help build release demo test bench toml-test clickhouse-start clickhouse-stop clean

help:
	@echo "make demo    run every pipeline in Pipelines/ on SampleData/ into ClickHouse (a local one unless CLICKHOUSE_URL is set)"
	@echo "make test    every test, against a private ClickHouse that scripts/clickhouse starts"
	@echo "make bench   the benchmark (BENCH_ROWS=1000000 by default); writes BENCHMARKS.md"
	@echo "make toml-test   the TOML 1.0 conformance suite in ../shared/toml-test"

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

demo:
	scripts/demo

test:
	scripts/test

bench:
	scripts/bench

toml-test:
	$(SWIFT) build -c release --product toml-test-decoder
	python3 ../shared/toml-test/check.py .build/release/toml-test-decoder

clickhouse-start:
	scripts/clickhouse start

clickhouse-stop:
	scripts/clickhouse stop

clean:
	rm -rf .build .tributary/rejects .tributary/bench
