#!/usr/bin/env bash
# Set up everything claimset and its tests need on a fresh Debian machine with Python 3.11+:
# the virtual environment with the package and its test and bench extras, the Label Studio server and chromium.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test,bench]"
if [ -f .ci/install-studio.sh ]; then
  bash .ci/install-studio.sh
fi
