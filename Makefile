# Two commands set everything up on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_USER ?= admin
DEMO_PASSWORD ?= demo-2024
APT_PACKAGES := fonts-liberation2 poppler-utils chromium softhsm2 opensc gettext

.PHONY: demo test fuzz install system-deps lint migrations-check bench bench-offices bench-pdf serve clean
.PHONY: cluster-deps cluster cluster-test bench-cluster

# Debian packages the app and its tests need: the font with Vietnamese letters (PDF),
# poppler (pdftotext, pdfsig), Chromium (browser tests), SoftHSM2 (PKCS#11 signing).
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# xstatic-bootstrap is a source package that fails to build with setuptools >= 82: its build
# gets a constraint (pip >= 25.3: --build-constraint; older pip: PIP_CONSTRAINT reaches the build).
$(STAMP): requirements.txt constraints-build.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	if $(BIN)/pip install --help | grep -q -- --build-constraint; then \
		$(BIN)/pip install -q --disable-pip-version-check --build-constraint constraints-build.txt -r requirements.txt; \
	else \
		PIP_CONSTRAINT=$(CURDIR)/constraints-build.txt $(BIN)/pip install -q --disable-pip-version-check -r requirements.txt; \
	fi
	touch $(STAMP)

install: system-deps $(STAMP)

# The QR codes and e-mail links point at the address the demo serves.
demo: export SITE_URL ?= http://$(HOST):$(PORT)
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py make_dev_certificate
	$(BIN)/python manage.py demo_setup --username $(DEMO_USER) --password $(DEMO_PASSWORD)
	@echo
	@echo "  Public site:       http://$(HOST):$(PORT)/"
	@echo "  Office workspace:  http://$(HOST):$(PORT)/van-phong/  (chuyenvien = editor, lanhdao = approver, vanthu = clerk, sokhdt = department, uyvien, uyvien2-4 = Committee members, quantri = office admin)"
	@echo "  The commune:       http://$(HOST):$(PORT)/van-phong/xa-tan-yen/  (xa.chuyenvien, xa.lanhdao, xa.vanthu, xa.canbo, xa.quantri, xa.uyvien, xa.uyvien2)"
	@echo "  Also in the demo:  the weekly schedule http://$(HOST):$(PORT)/bac-giang/lich-tuan/2024/03/, the conclusion notice http://$(HOST):$(PORT)/bac-giang/ket-luan/2024/01/19/, a written ballot for the members"
	@echo "  Administration:    http://$(HOST):$(PORT)/admin/     (user '$(DEMO_USER)')"
	@echo "  Every demo account's password: '$(DEMO_PASSWORD)'."
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs on both cores (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= 2
test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The property-based tests of tests/hardening with many random examples (make test runs a few fixed ones).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -p no:xdist -q tests/hardening $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The goals of issue #11 from one run, each a ratio measured against a reference in the same run:
# ten years of issued programmes (bench/dataset.py, built once, then reused), the public pages, the PDF and
# the editing page under wrk (bench/load.py: P1, P2, P5, memory), issuing against a render (bench/publish.py:
# P3). BENCH_DATABASE_URL names the database for the data: by default PostgreSQL on 127.0.0.1 when it
# answers (database ubnd_bench_data, created if missing), else a SQLite file. See docs/performance.md.
BENCH_DATABASE_URL ?= $(shell pg_isready -q -h 127.0.0.1 2>/dev/null && echo postgres://postgres@127.0.0.1:5432/ubnd_bench_data || echo sqlite:///$(CURDIR)/var/bench/bench.sqlite3)
bench: install
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	mkdir -p var/bench
	DATABASE_URL=$(BENCH_DATABASE_URL) VAR_DIR=$(CURDIR)/var/bench $(BIN)/python bench/dataset.py --years 10 --reuse
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/load.py $(BENCH_ARGS)
	$(BIN)/python bench/publish.py
	$(MAKE) --no-print-directory bench-cluster

# The "Scale" goals of issue 20, apart from `make bench` (building the data takes a few minutes the first time):
# 150 offices (the province's ten years, a year of each other office: bench/dataset.py --offices 150, built
# once, then reused) on PostgreSQL, every public page of three of them and the platform's, uncached, against
# /healthz; query counts with 150 offices and with 3; kept answers after one office issues (bench/offices.py).
BENCH_OFFICES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ubnd_bench_offices
bench-offices: install
	mkdir -p var/bench-offices
	DATABASE_URL=$(BENCH_OFFICES_DATABASE_URL) VAR_DIR=$(CURDIR)/var/bench-offices $(BIN)/python bench/dataset.py \
		--years 10 --offices 150 --reuse
	DATABASE_URL=$(BENCH_OFFICES_DATABASE_URL) VAR_DIR=$(CURDIR)/var/bench-offices $(BIN)/python bench/offices.py \
		$(BENCH_OFFICES_ARGS)

# The PDF render, publishing and importing times of the sample (single process, no server).
bench-pdf: install
	$(BIN)/python bench/pdf_render.py
	$(BIN)/python bench/publish.py
	$(BIN)/python bench/import_plan.py

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Several app servers on this machine (issue 21, docs/deployment.md): nginx in front of two gunicorn nodes, a Celery
# worker and beat, the local PostgreSQL and Redis, an S3 API server (moto, from requirements.txt), on loopback only.
# The Debian packages: nginx (run from a generated configuration, not as the system service), wrk (the load of the
# cluster tests and benchmark), redis-server (the shared cache and the job broker; .ci/run starts it).
CLUSTER_APT_PACKAGES := nginx wrk redis-server
cluster-deps: system-deps
	@missing=$$(for p in $(CLUSTER_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Prints the URL; Ctrl-C stops every process. CLUSTER_PORT (8080), CLUSTER_DATABASE (ubnd_cluster, recreated).
cluster: cluster-deps install
	$(BIN)/python deploy/cluster.py

# The cluster's own tests (tests/cluster: a node killed under wrk, files and issued programmes across nodes, a worker
# killed mid-job, nothing under VAR_DIR); `make test` leaves them out (they start the whole cluster: minutes).
cluster-test: cluster-deps install
	CLUSTER_TESTS=1 $(BIN)/python -m pytest -p no:xdist -q tests/cluster $(PYTEST_ARGS)

# Issue 21's figures (part of `make bench`): the same public traffic through one node and through two (nginx, wrk,
# one run of the cluster; on a 2-CPU machine the ratio is overhead, not scaling), the bytes one issued programme
# adds, and the database size per office-year on bench/dataset.py's data (throw-away databases ubnd_cluster_size_*).
bench-cluster: cluster-deps install
	$(BIN)/python bench/cluster.py $(BENCH_CLUSTER_ARGS)
	$(BIN)/python bench/office_storage.py
