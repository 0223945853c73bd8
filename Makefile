# Developer shortcuts; PY is the virtualenv interpreter (override: make test PY=python3).
PY ?= .venv/bin/python

.PHONY: test lint bench fuzz

test:
	$(PY) -m pytest

lint:
	$(PY) -m ruff check src tests build.py benchmarks && $(PY) -m ruff format --check src tests build.py benchmarks && $(PY) -m mypy src

bench:
	$(PY) benchmarks/bench.py

# Placeholder until fuzz tests exist: runs tests matching "fuzz"; none matching is not a failure.
fuzz:
	$(PY) -m pytest tests -k fuzz || test $$? -eq 5  # 5 = no test matched (none exist yet)
