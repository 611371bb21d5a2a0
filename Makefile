# Single entry point. `make demo` builds the warehouse on generated demo data; `make test` runs
# every check the project has (CI runs exactly this). Both create .venv from requirements.txt.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)

# Demo data set (see `python -m erw.datagen --help`).
ACCOUNTS ?= 1000
MONTHS ?= 36
AS_OF ?= 2026-06-30
SEED ?= 42
DIRTY_RATE ?= 0.002
RAW_DIR ?= data/raw
# Arguments `make build` passes to `dbt build` (run through erw.publish: see README "Scheduled builds").
DBT_BUILD_ARGS ?= --full-refresh

export ERW_RAW_DIR ?= $(abspath $(RAW_DIR))
export ERW_DUCKDB_PATH ?= $(abspath warehouse/expansion_revenue.duckdb)
export DBT_PROFILES_DIR := $(CURDIR)
export PYTHONPATH := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := False

DATA_STAMP := $(RAW_DIR)/.generated-$(ACCOUNTS)-$(MONTHS)-$(AS_OF)-$(SEED)-$(DIRTY_RATE)
GENERATOR_SOURCES := $(wildcard erw/datagen/*.py)

.PHONY: help install browser data demo build check-sources test test-dbt test-semantic test-python lint \
	check-layering signoff board-pack bench bench-scores lock clean

help:
	@echo "make demo    set up .venv, generate demo data, dbt build on DuckDB"
	@echo "make build   rebuild and publish the warehouse atomically (what a scheduler runs)"
	@echo "make test    dbt build (models, data + unit tests), pytest, sqlfluff, ruff"
	@echo "make bench   generation / build timings and peak memory (default and 10k accounts)"
	@echo "make lint    sqlfluff + ruff only"
	@echo "make check-sources  check the raw data against the source contract (no model runs)"
	@echo "make bench-scores  seconds per score (erw.scoring) at 1k, 10k and 100k accounts"
	@echo "make signoff       finance sign-off (Great Expectations) on the built warehouse; HTML in reports/signoff/"
	@echo "make board-pack    reports/board_pack.html (self-contained) and PNG charts in reports/board_pack/"

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# Headless Chromium (Debian package) for the board pack's browser test; installed when missing.
CHROMIUM ?= chromium
browser:
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { \
		echo "installing Debian chromium (browser test of the board pack)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { echo "chromium is not installed and could not be installed" >&2; exit 1; }

$(DATA_STAMP): $(STAMP) $(GENERATOR_SOURCES)
	rm -rf $(RAW_DIR)
	$(BIN)/python -m erw.datagen --accounts $(ACCOUNTS) --months $(MONTHS) --as-of $(AS_OF) \
		--seed $(SEED) --dirty-rate $(DIRTY_RATE) --out $(RAW_DIR)
	touch $@

data: $(DATA_STAMP)

# Builds a working copy beside ERW_DUCKDB_PATH, runs the tests, publishes it atomically on success.
build: data
	mkdir -p $(dir $(ERW_DUCKDB_PATH))
	$(BIN)/python -m erw.publish build --exit-with-parent -- $(DBT_BUILD_ARGS)

check-sources: $(STAMP)
	$(BIN)/dbt run-operation check_sources

demo: build
	@echo
	@echo "Warehouse: $(ERW_DUCKDB_PATH)"
	@echo "Query it read-only, e.g.:"
	@echo "  $(BIN)/python -c \"import duckdb; c = duckdb.connect('$(ERW_DUCKDB_PATH)', read_only=True); print(c.sql('select * from main_marts.rpt_quarantine_summary where quarantined_rows > 0'))\""
	@echo "Schemas: main_staging, main_intermediate, main_marts (marts are what BI and finance read)."

test-dbt: build

# Semantic layer and docs: MetricFlow validates the semantic manifest against the warehouse (read-only
# `reader` target); dbt docs generate compiles every node, analyses included, and writes the catalog.
test-semantic: $(STAMP)
	ERW_TARGET=reader $(BIN)/mf validate-configs
	ERW_TARGET=reader $(BIN)/dbt docs generate --quiet

test-python: $(STAMP) browser
	bash scripts/run_pytest.sh

# Finance sign-off and board pack read the warehouse at ERW_DUCKDB_PATH read-only (build it first).
signoff: $(STAMP)
	$(BIN)/python -m erw.signoff --report-dir reports/signoff

board-pack: $(STAMP)
	$(BIN)/python -m erw.boardpack --out reports/board_pack.html --png-dir reports/board_pack

lint: $(STAMP)
	ERW_TARGET=lint $(BIN)/sqlfluff lint models tests macros snapshots $(wildcard analyses) --processes 2
	$(BIN)/ruff check erw python_tests scripts
	$(BIN)/ruff format --check erw python_tests scripts

# Layering rules of ARCHITECTURE.md on the manifest (all enforced; a comma-separated list of
# check names here would report them without failing).
LAYERING_ALLOW ?=

check-layering: $(STAMP)
	$(BIN)/dbt parse --quiet
	$(BIN)/python scripts/check_layering.py target/manifest.json --allow="$(LAYERING_ALLOW)"

test: test-dbt test-semantic test-python lint check-layering

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

bench-scores: $(STAMP)
	$(BIN)/python scripts/bench_scores.py

lock:
	rm -rf /tmp/erw-lock-venv && $(PYTHON) -m venv /tmp/erw-lock-venv
	/tmp/erw-lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Exact pins for a reproducible install (Python 3.11). Regenerate with 'make lock' after changing requirements.in."; \
	  /tmp/erw-lock-venv/bin/pip freeze; } > requirements.txt

clean:
	rm -rf target logs dbt_packages warehouse data
