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
	check-layering signoff board-pack bench bench-large bench-scores lock clean spark-install spark-build test-spark \
	spark-compare

help:
	@echo "make demo    set up .venv, generate demo data, dbt build on DuckDB"
	@echo "make build   rebuild and publish the warehouse atomically (what a scheduler runs)"
	@echo "make test    dbt build (models, data + unit tests), pytest, sqlfluff, ruff, make test-spark"
	@echo "make bench   full / incremental build vs a hand-written DuckDB rollup (demo and 10k accounts)"
	@echo "make bench-large  the same at 100k accounts, ~100M events (not in CI)"
	@echo "make lint    sqlfluff + ruff only"
	@echo "make check-sources  check the raw data against the source contract (no model runs)"
	@echo "make bench-scores  seconds per score (erw.scoring) at 1k, 10k and 100k accounts"
	@echo "make signoff       finance sign-off (Great Expectations) on the built warehouse; HTML in reports/signoff/"
	@echo "make board-pack    reports/board_pack.html (self-contained) and PNG charts in reports/board_pack/"
	@echo "make spark-build   seeds + every SQL model and its tests on a local Spark (dbt-spark session; Java 17)"
	@echo "make test-spark    small dataset built on DuckDB and on Spark, every shared mart compared"
	@echo "make spark-compare after make spark-build: the same data on DuckDB, every mart compared with Spark's Parquet"

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

# test-spark last: its Spark build leaves target/ describing the spark target.
test: test-dbt test-semantic test-python lint check-layering test-spark

bench: $(STAMP)
	$(BIN)/python scripts/bench.py --accounts 1000 10000

# 100k accounts, ~100M events (--events-per-user 0.35); DuckDB gets 4GB (the limit covers DuckDB's
# buffers, not dbt or pandas) and dbt one thread: two large models at once can run the shared buffer
# pool out of memory (an incremental build at 2 threads did), and at 100k one thread is as fast
# (full build 644.6 s vs 641.9 s) with a lower peak (7.1 GiB vs 7.9 GiB).
bench-large: $(STAMP)
	ERW_THREADS=1 $(BIN)/python scripts/bench.py --accounts 100000 --events-per-user 0.35 --memory-limit 4GB

bench-scores: $(STAMP)
	$(BIN)/python scripts/bench_scores.py

# Spark (SPEC section 12): dbt-spark `session` on a local pyspark, Parquet tables under
# ERW_SPARK_WAREHOUSE. Installed into .venv on demand (requirements-spark.txt), so `make demo` stays light.
export ERW_SPARK_WAREHOUSE ?= $(abspath warehouse/spark)
SPARK_STAMP := $(VENV)/.spark-installed-$(shell cat requirements-spark.txt | cksum | cut -d' ' -f1)
SPARK_DBT_ARGS ?=

$(SPARK_STAMP): $(STAMP) requirements-spark.txt
	$(BIN)/python -m pip install --quiet -r requirements-spark.txt
	rm -f $(VENV)/.spark-installed-*
	touch $@

spark-install: $(SPARK_STAMP)
	@java -version 2>&1 | head -1 | grep -q '"17' || { echo "Spark needs Java 17 (java -version)" >&2; exit 1; }

# Builds from scratch every run: the Spark warehouse folder (tables, metastore) is replaced. dbt runs
# inside that folder so Spark's own files (metastore_db, derby.log) stay there too; erw.spark_dbt runs
# dbt with the PII hash function registered on the session (erw/spark_dbt.py).
define spark_dbt_build
	rm -rf $(1) && mkdir -p $(1)
	cd $(1) && ERW_TARGET=spark ERW_SPARK_WAREHOUSE=$(1) ERW_RAW_DIR=$(2) \
		$(CURDIR)/$(BIN)/python -m erw.spark_dbt build --project-dir $(CURDIR) --full-refresh $(3); \
		status=$$?; cp $(CURDIR)/target/manifest.json $(1)/manifest.json; exit $$status
endef

spark-build: data spark-install
	$(call spark_dbt_build,$(ERW_SPARK_WAREHOUSE),$(ERW_RAW_DIR),$(SPARK_DBT_ARGS))

# After `make spark-build` (same RAW_DIR / ACCOUNTS / MONTHS): builds the same raw data on DuckDB the
# way Spark builds it (Python models off) into SPARK_COMPARE_DUCKDB, then compares every mart with the
# Parquet files Spark wrote under ERW_SPARK_WAREHOUSE, read straight from disk (scripts/compare_engines.py).
SPARK_COMPARE_DUCKDB ?= $(abspath warehouse/spark_compare.duckdb)
spark-compare: data spark-install
	test -f $(ERW_SPARK_WAREHOUSE)/manifest.json || { echo "run make spark-build first" >&2; exit 1; }
	rm -f $(SPARK_COMPARE_DUCKDB)
	ERW_DUCKDB_PATH=$(SPARK_COMPARE_DUCKDB) $(BIN)/dbt build --full-refresh --quiet --target-path target/spark_compare \
		$(SPARK_TEST_ARGS)
	$(BIN)/python scripts/compare_engines.py $(SPARK_COMPARE_DUCKDB) $(ERW_SPARK_WAREHOUSE) \
		--spark-manifest $(ERW_SPARK_WAREHOUSE)/manifest.json

# A small generated dataset built on DuckDB and on Spark, both with the Python models off (what Spark
# can build) and without tests (thresholds such as the ARR cliff are tuned for a 1000-account book;
# `make spark-build` runs the tests). scripts/compare_engines.py then reads the Parquet Spark wrote
# and compares every mart both built; the marts Spark leaves out must be the ones disabled there.
SPARK_TEST_DIR ?= $(abspath warehouse/test_spark)
SPARK_TEST_ARGS := --exclude-resource-type test unit_test --vars '{python_models_enabled: false}'
test-spark: spark-install
	rm -rf $(SPARK_TEST_DIR) && mkdir -p $(SPARK_TEST_DIR)
	$(BIN)/python -m erw.datagen --accounts 60 --months 18 --as-of $(AS_OF) --seed $(SEED) \
		--dirty-rate $(DIRTY_RATE) --out $(SPARK_TEST_DIR)/raw
	ERW_RAW_DIR=$(SPARK_TEST_DIR)/raw ERW_DUCKDB_PATH=$(SPARK_TEST_DIR)/duckdb.duckdb \
		$(BIN)/dbt build --full-refresh --quiet $(SPARK_TEST_ARGS)
	$(call spark_dbt_build,$(SPARK_TEST_DIR)/spark,$(SPARK_TEST_DIR)/raw,--quiet $(SPARK_TEST_ARGS))
	$(BIN)/python scripts/compare_engines.py $(SPARK_TEST_DIR)/duckdb.duckdb $(SPARK_TEST_DIR)/spark \
		--spark-manifest target/manifest.json

lock:
	rm -rf /tmp/erw-lock-venv && $(PYTHON) -m venv /tmp/erw-lock-venv
	/tmp/erw-lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Exact pins for a reproducible install (Python 3.11). Regenerate with 'make lock' after changing requirements.in."; \
	  /tmp/erw-lock-venv/bin/pip freeze; } > requirements.txt

clean:
	rm -rf target logs dbt_packages warehouse data
