#!/usr/bin/env bash
# Install what `claimset studio` and the Label Studio integration tests need, on a fresh Debian machine:
# - the Label Studio server in its own virtual environment, .venv-studio/ (git-ignored). It is kept apart from
#   .venv because pip's resolver backtracks for minutes when label-studio and datasets share one environment;
#   builder/studio/server.py finds .venv-studio/bin/label-studio by itself.
# - Debian's chromium for the browser tests (Playwright drives /usr/bin/chromium; no browser is downloaded).
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
LABEL_STUDIO_SPEC=${LABEL_STUDIO_SPEC:-'label-studio>=1.23.2,<1.24'}

if [ ! -x .venv-studio/bin/label-studio ]; then
  echo "install-studio: installing $LABEL_STUDIO_SPEC into .venv-studio/ (a few minutes)" >&2
  [ -x .venv-studio/bin/python ] || "$PY" -m venv .venv-studio
  .venv-studio/bin/python -m pip install --quiet --disable-pip-version-check "$LABEL_STUDIO_SPEC"
  [ -x .venv-studio/bin/label-studio ] || { echo "install-studio: .venv-studio/bin/label-studio missing after install" >&2; exit 1; }
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "install-studio: installing Debian's chromium" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi
