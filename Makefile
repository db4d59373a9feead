# The two commands a newcomer needs: `make demo` and `make test`. Both create .venv and install
# everything the project needs from pyproject.toml first.
# Another Python in its own folder: `make test PYTHON=python3.13 VENV=.venv-3.13` (.ci/run does).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

PACKAGING_STAMP := $(VENV)/.packaging-installed

.PHONY: install demo test lint sandbox screenshot clean package icons bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[sandbox,test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m vody_desktop --demo

sandbox: $(STAMP)
	$(BIN)/python -m vody_desktop.sandbox

screenshot: $(STAMP)
	$(BIN)/python scripts/screenshot.py docs/screenshot.png

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

# PYTHONFAULTHANDLER: a crash anywhere, even while the interpreter shuts down after the summary,
# prints the Python stacks of every thread instead of a bare exit status.
test: lint
	QT_QPA_PLATFORM=offscreen PYTHONFAULTHANDLER=1 $(BIN)/python -m pytest

$(PACKAGING_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[sandbox,test,packaging]'
	touch $(PACKAGING_STAMP)

# The installable one-folder bundle for this platform (dist/vody-desktop, or dist/Vody Desktop.app
# on macOS; about 20 s), then its check: no sandbox or test code inside, no dangling link, its
# --self-test, and (Linux, with Xvfb and xdotool) that programs it opens get the user's environment.
# Kept out of `make test`, which runs the self-test of the source install.
package: $(PACKAGING_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/vody-desktop.spec
	$(BIN)/python packaging/check_bundle.py dist

# Redraw the icon's PNG sizes, .ico and .icns from its SVG source (commit the results).
icons: $(PACKAGING_STAMP)
	$(BIN)/python packaging/render_icons.py

# Huge results and start-up against the real window and the sandbox (a few minutes; prints one
# JSON object per line, the last one the summary with each goal met or not). Not in `make test`.
# The app's bytecode is compiled first, as an installed app has it: without it (a checkout run
# with PYTHONDONTWRITEBYTECODE) every start compiles the modules it imports, about 110 ms.
bench: $(STAMP)
	$(BIN)/python -m compileall -q vody_desktop benchmarks
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .venv .venv-* build dist .mypy_cache .pytest_cache .ruff_cache
