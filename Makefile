# The two commands of the README: `make run` and `make test`. Both create .venv and
# install the package into it first, so they work on a fresh clone with only Python 3.11.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install schema bench clean

$(BIN)/plan-extract: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

install: $(BIN)/plan-extract

run: install
	$(BIN)/plan-extract run corpus -o out
	$(BIN)/plan-extract evaluate --gold gold --pred out

test: install
	$(BIN)/python -m pytest -q

# Speed and memory (bench/run.py): a few minutes; results in bench/results.json.
bench: install
	$(BIN)/python -m bench.run

schema: install
	$(BIN)/plan-extract schema -o schemas

clean:
	rm -rf $(VENV) out bench/data
