# Two commands on a fresh machine: `make test` and `make demo`. Both create .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PATH := $(abspath $(VENV))/bin:$(PATH)

.PHONY: test test-fast demo bench bench-gpu assignments venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# Two workers (pytest-xdist): most tests wait on a sandboxed child, a notebook kernel or nbgrader.
test: venv
	$(PY) -m pytest -q -n 2 --dist loadgroup

test-fast: venv
	$(PY) -m pytest -q -n 2 --dist loadgroup -m "not slow"

demo: venv
	$(PY) -m autograder demo

assignments: venv
	$(PY) -m autograder.release.generate

bench: venv
	$(PY) -m bench

bench-gpu: venv
	$(PY) -m bench.gpu

clean:
	rm -rf out .cache .pytest_cache
