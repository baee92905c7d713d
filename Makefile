# newstrace — `make demo` installs everything and analyses the seeds; `make test` runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SEEDS  ?= ../shared/corpus/seeds

.PHONY: demo install system-deps test test-all bench clean

demo: install
	$(BIN)/newstrace analyze $(SEEDS) --out out --db out/newstrace.duckdb --report out/report.html --force

install: $(VENV)/.installed

# torch is pinned and installed first: the CPU build on this machine's disk. An unpinned
# torch would pull a CUDA build of several GB.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev,spark]'
	@# The sentence encoder as fused ONNX (about 90 MB, not committed): same vectors as
	@# sentence-transformers, 1.8-2.1x faster to encode. Without it newstrace falls back to torch.
	$(BIN)/python -m newstrace.reuse.encoder_export > /dev/null 2>&1 || echo "warning: encoder export failed; rewrite analysis will use sentence-transformers on torch"
	touch $@

# Debian packages the tests need: Java for Spark, Chromium for the browser tests.
system-deps:
	bash scripts/install_system_deps.sh

test: install system-deps
	$(BIN)/python -m pytest -q -n 2 --dist worksteal -m "not soak" --durations=20

test-all: install system-deps
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/bench_attribution.py
	$(BIN)/python bench/bench_families.py
	$(BIN)/python bench/bench_pipeline.py

clean:
	rm -rf out .pytest_cache .hypothesis
