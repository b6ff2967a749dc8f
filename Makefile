# The course's commands. `make book` and `make test` set everything up on a
# fresh machine (Python 3.11, npm) and are what the README documents.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WIDGETS7 := $(VENV)/widgets7
MATHJAX := _vendor/static/mathjax/.vendored
HOST := 127.0.0.1
PORT ?= 8000
LAB_PORT ?= 8888
BUILD_FLAGS := -W -n --keep-going

.PHONY: help venv book book-clean test lint unit notebooks site-tests browser lab serve clean outputs sync-url bench student qti experiments verify results-check assignments assignment-tests hub-test

help:
	@echo "make book   build the course site (offline) into _build/html"
	@echo "make test   run every test: lint, unit, notebooks (nbval), build, site and browser"
	@echo "make lab    JupyterLab on $(HOST):$(LAB_PORT) with the chapters"
	@echo "make student  the learners' notebooks (no solutions) in student/ and student.zip"
	@echo "make qti   the self-check questions as QTI zips for an LMS, in qti/"
	@echo "make assignments  graded Otter-Grader assignments: autograder zips and student notebooks in assignments/"
	@echo "make hub-test  a JupyterHub on 127.0.0.1: three learners follow the guide's link"
	@echo "make serve  the built site on http://$(HOST):$(PORT)"
	@echo "make experiments  retrain every model with every seed (~30 min); store book/results/invariance.json"
	@echo "make verify  retrain with other seeds (SEEDS=7,8) and re-check every claim of the chapter"
	@echo "make bench  time demos, imports, ops, chapters, the build; table in bench-results/"
	@echo "           (BENCH_ARGS='--quick' or '--skip-build --test-log test.log')"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(MATHJAX): tools/vendor_mathjax.sh
	tools/vendor_mathjax.sh
	touch $@

# Colab ships ipywidgets 7: the notebooks' quiz widgets are tested against it too
# (tests/test_quiz.py), from a folder of its own beside the venv's ipywidgets 8.
# tests/test_live_demos.py runs every chapter's demo cells in a kernel under both.
$(WIDGETS7)/.installed: requirements-widgets7.txt $(STAMP)
	$(BIN)/python -m pip install --quiet --upgrade --no-deps --target $(WIDGETS7) -r requirements-widgets7.txt
	touch $@

venv: $(STAMP) $(MATHJAX) $(WIDGETS7)/.installed

book: venv
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo ""
	@echo "The course is built: open $(CURDIR)/_build/html/index.html"
	@echo "or run 'make serve' and visit http://$(HOST):$(PORT)/"

book-clean:
	rm -rf _build

# lint-imports: the companion's layers and no import circles (pyproject.toml).
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The stored results of the trained models must come from the code as it is now.
results-check: venv
	$(BIN)/python -m companion.experiments check

# The tests and every example written in the companion's docstrings.
unit: venv results-check
	$(BIN)/python -m pytest -m "not build and not browser and not assignments and not hub" -q -n auto --doctest-modules tests companion

notebooks: venv
	$(BIN)/python -m pytest --nbval-lax -p no:randomly book -q

# make assignments, then a right and a wrong submission graded by otter's local runner.
assignment-tests: venv
	$(BIN)/python -m pytest -m "assignments" -q

site-tests: venv
	$(BIN)/python -m pytest -m "build" -q

browser: venv
	tools/ensure_chromium.sh
	$(BIN)/python -m pytest -m "browser" -q

test: venv
	@set -e; \
	phase() { local name=$$1; shift; local t0=$$(date +%s); echo "== $$name"; "$$@"; \
	  echo "== $$name: $$(( $$(date +%s) - t0 )) s"; }; \
	phase lint $(MAKE) --no-print-directory lint; \
	phase unit $(MAKE) --no-print-directory unit; \
	phase notebooks $(MAKE) --no-print-directory notebooks; \
	phase assignments $(MAKE) --no-print-directory assignment-tests; \
	phase build $(MAKE) --no-print-directory book; \
	phase site-tests $(MAKE) --no-print-directory site-tests; \
	phase browser $(MAKE) --no-print-directory browser; \
	phase hub-test $(MAKE) --no-print-directory hub-test

# Benchmarks with the targets of the performance issue: see benchmarks/README.md.
bench: venv
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

outputs: venv
	$(BIN)/python tools/store_checked_outputs.py book/*.ipynb

sync-url: venv
	$(BIN)/python tools/sync_setup_cell.py book/[0-9][0-9]_*.ipynb

lab: venv
	$(BIN)/jupyter lab --ip=$(HOST) --port=$(LAB_PORT) --no-browser --notebook-dir=book

serve:
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving the course on http://$(HOST):$(PORT)/"
	$(BIN)/python tools/site_server.py --bind $(HOST) --directory _build/html $(PORT)

student: venv
	$(BIN)/python tools/make_student.py --out student

# The chapters' self-check questions as QTI 1.2 (Canvas, Moodle...): qti/<chapter>.zip.
# Train every configuration with every seed (book/results/invariance.json): see companion/experiments.
experiments: venv
	$(BIN)/python -m companion.experiments run

SEEDS ?= 7,8
verify: venv
	$(BIN)/python -m companion.experiments verify --seeds $(SEEDS)

qti: venv
	$(BIN)/python book/_ext/course_qti.py --out qti

# The chapters as graded Otter-Grader assignments (see the teacher's guide):
# assignments/<chapter>-autograder.zip for Gradescope or tools/grade_submissions.py,
# assignments/student.zip to hand out. Otter grades each solutions notebook first (minutes).
assignments: venv
	$(BIN)/python tools/make_assignments.py --out assignments

# A JupyterHub (tools/hub) with configurable-http-proxy from npm, on 127.0.0.1: three
# learners follow the teacher's guide's nbgitpuller link in chromium, run a chapter,
# move a slider; their memory goes to _build/hub/memory.json (see tools/hub/hub_sizing.py).
HUB_PROXY := tools/hub/node_modules/.bin/configurable-http-proxy
$(HUB_PROXY): tools/hub/package.json tools/hub/package-lock.json
	tools/hub/install_proxy.sh
	touch $@

hub-test: venv $(HUB_PROXY)
	tools/ensure_chromium.sh
	$(BIN)/python -m pytest -m "hub" -q -p no:randomly
	$(BIN)/python tools/hub/hub_sizing.py _build/hub/memory.json

# Binder's environment alone: binder/requirements.txt installed into a fresh venv
# runs a chapter (minutes; PyPI must be reachable). Also in `make test`'s unit phase.
.PHONY: binder-test
binder-test: venv
	$(BIN)/python -m pytest tests/test_binder.py -q -p no:randomly

clean:
	rm -rf _build student student.zip qti assignments grades bench-results .pytest_cache .ruff_cache
