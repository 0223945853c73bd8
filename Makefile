# Developer shortcuts; PY is the virtualenv interpreter (override: make test PY=python3).
PY ?= .venv/bin/python

.PHONY: test lint bench fuzz

test:
	$(PY) -m pytest

lint:
	$(PY) -m ruff check src tests build.py benchmarks tools && $(PY) -m ruff format --check src tests build.py benchmarks tools && $(PY) -m mypy src

bench:
	$(PY) benchmarks/bench.py

# Property-based tests with 10,000 examples each (the suite runs a short pass).
fuzz:
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_fuzz.py tests/test_fuzz_pages.py
