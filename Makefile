# The two commands of the README. Both create their own virtualenv in .venv.
PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test lint clean messages

$(BIN)/zi: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[all,test]'
	touch $(BIN)/zi

# Main job on the demo data: lint the rules, validate everything, score every unit, build the site.
demo: $(BIN)/zi
	$(BIN)/zi rules lint permenpanrb-90-2021
	$(BIN)/zi check
	$(BIN)/zi score units/*/
	$(BIN)/mkdocs build --strict --site-dir site

# Tests (and ruff); pytest's "no tests collected" (exit 5) counts as failure.
test: $(BIN)/zi
	$(BIN)/ruff check tooling tests
	$(BIN)/pytest

# Message catalogs: extract the marked text (Python, templates) into locale/zi.pot and merge it into each language's .po
messages: $(BIN)/zi
	$(BIN)/python -m zi_evidence.catalogs

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache
