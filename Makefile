# Two commands do all the set-up on a fresh machine with Python 3.11+ and make:
#   make run    launch the app on the bundled corpus
#   make test   run the whole test suite
#   make lint   ruff and mypy over the package (strict on the core; pyproject.toml)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint venv bench wheelhouse clean

# `make wheelhouse` builds the project's wheel and every runtime dependency as
# wheels, to carry across an air gap. For another target than this machine, set
# e.g. WHEEL_PYTHON=3.12 WHEEL_PLATFORM=manylinux2014_x86_64 (README explains).
WHEELHOUSE     ?= wheelhouse
WHEEL_PYTHON   ?=
WHEEL_PLATFORM ?=

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m compileall -q sahel_tui >/dev/null
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/sahel-brief $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check sahel_tui tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run_all.py --scale

wheelhouse: $(STAMP)
	bash .ci/wheelhouse.sh "$(WHEELHOUSE)" "$(WHEEL_PYTHON)" "$(WHEEL_PLATFORM)" "$(BIN)/python"

clean:
	rm -rf $(VENV) build dist .pytest_cache
