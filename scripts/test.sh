#!/usr/bin/env bash
# Placeholder until the test-services harness lands: runs pytest on SQLite.
set -euo pipefail
"$PY" -m pytest "$@"
