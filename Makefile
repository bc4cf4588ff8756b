# The two commands of the README. Both create their own virtualenv in .venv.
PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test test-fast typecheck lint clean messages lock

$(BIN)/zi: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[all,test]'
	touch $(BIN)/zi

# Main job on the demo data: lint the rules, validate everything, score every unit, build the site.
demo: $(BIN)/zi
	$(BIN)/zi rules lint permenpanrb-90-2021
	$(BIN)/zi check --score  # check and score in one pass: each file read once, unchanged units from the local cache
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site  # the end-of-life banner: see README, "Builders"

# Tests (and ruff, and mypy); pytest's "no tests collected" (exit 5) counts as failure.
test: $(BIN)/zi
	$(BIN)/ruff check tooling tests
	$(BIN)/mypy
	$(BIN)/pytest

# Test folders on tmpfs where there is one: a test copies the demo data several times (7x faster than on disk here)
FAST_TMP = $$(test -w /dev/shm && echo /dev/shm || echo "$${TMPDIR:-/tmp}")

# The edit-test loop: the core without the browser, the other site builders and the slow end-to-end tests (< 30 s)
test-fast: $(BIN)/zi
	$(BIN)/ruff check tooling tests
	TMPDIR=$(FAST_TMP) $(BIN)/pytest -n 2 -m "not browser and not builders and not slow"

# Types: strict on the scoring core, rule sets, file kinds and YAML reading; the rest of the package checked too
typecheck: $(BIN)/zi
	$(BIN)/mypy

# Regenerate constraints.txt from fresh virtualenvs (newest versions that fit pyproject.toml); then `make test` and commit
lock:
	$(PY) tooling/lock.py

# Message catalogs: extract the marked text (Python, templates) into locale/zi.pot and merge it into each language's .po
messages: $(BIN)/zi
	$(BIN)/python -m zi_evidence.catalogs

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache
