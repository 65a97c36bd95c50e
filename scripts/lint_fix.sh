#!/usr/bin/env bash
# `make format`: apply every automatic fix of the linters, then show what is left to fix by hand.
#
#   1. ruff check --fix   safe fixes only (import order, pyupgrade, unused `# noqa`, ...)
#   2. ruff format        the formatter (black's style, line length 120 from pyproject.toml)
#   3. nbqa ruff --fix    the same safe fixes in the notebooks' code cells (outputs are left alone)
#   4. make lint's checks again: what they print is what needs a person; the exit status is theirs.
#
# Uses the tools of .venv (installed by `make install` from the test extra); BIN=... to use others.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"

echo "==> ruff check --fix"
"$BIN/ruff" check --fix --silent . || true
echo "==> ruff format"
"$BIN/ruff" format .
echo "==> nbqa ruff --fix notebooks"
"$BIN/nbqa" ruff --fix --silent notebooks >/dev/null || true

echo "==> what is left (fix these by hand, or add a '# noqa: CODE - reason' where the code is right):"
status=0
"$BIN/ruff" check --statistics . || status=1
"$BIN/ruff" check --output-format concise . || true
"$BIN/ruff" format --check . >/dev/null || status=1
"$BIN/nbqa" ruff notebooks || status=1
[ "$status" = 0 ] && echo "==> lint is clean"
exit "$status"
