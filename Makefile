# Developer shortcuts; PY is the virtualenv interpreter (override: make test PY=python3).
PY ?= .venv/bin/python

.PHONY: test lint bench fuzz lock

test:
	$(PY) -m pytest

lint:
	$(PY) -m ruff check src tests build.py benchmarks tools && $(PY) -m ruff format --check src tests build.py benchmarks tools && $(PY) -m mypy src && $(PY) -c 'from importlinter.cli import lint_imports_command; lint_imports_command()'

bench:
	$(PY) benchmarks/bench.py

# Property-based tests with 10,000 examples each (the suite runs a short pass).
fuzz:
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_fuzz.py tests/test_fuzz_pages.py tests/test_export_escaping.py

# Pin every dependency with hashes (needs uv: pip install uv). Run after changing the
# dependencies in pyproject.toml, or to take newer releases; commit both files.
lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --universal -o requirements.lock
	uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 --universal -o requirements-test.lock
