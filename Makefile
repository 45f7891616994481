# Recovery Navigator. `make site` builds the site from the shipped catalog; `make test` runs the
# whole suite. Both create .venv and install exact versions from constraints.txt on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# setuptools tells every editable install of a project laid out like this one that a folder
# named like the package could shadow it; the notice holds nothing to act on.
QUIET_PIP := PYTHONWARNINGS="ignore:Editable installation"

.PHONY: site serve test validate schema bench clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(QUIET_PIP) $(BIN)/python -m pip install -q -c constraints.txt -e .
	touch $@

$(BIN)/.test-installed: $(BIN)/.installed
	$(QUIET_PIP) $(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

site: $(BIN)/.installed
	$(BIN)/navigator validate
	$(BIN)/navigator build

serve: $(BIN)/.installed
	$(BIN)/navigator serve

validate: $(BIN)/.installed
	$(BIN)/navigator validate

schema: $(BIN)/.installed
	$(BIN)/navigator schema --out schema/catalog.schema.json

test: $(BIN)/.test-installed
	$(BIN)/python -m pytest

bench: $(BIN)/.test-installed
	$(BIN)/python bench/run.py

clean:
	rm -rf site .cache .site-build-* .site-old-* .site-spare
