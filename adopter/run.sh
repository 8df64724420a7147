#!/usr/bin/env bash
# The adopter test (see adopter/README.md): bash adopter/run.sh [run.mjs options]
# Ends with `adopter: N passed, N failed`; exit code 1 when a check failed.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node adopter/run.mjs "$@"
