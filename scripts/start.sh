#!/usr/bin/env bash
# Starts the portal for development: frontend on :3000, backend on :7007, on
# embedded SQLite (.data/sqlite) with the example catalog and runbooks.
# Installs whatever is missing first. Extra arguments go to `yarn start`.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh
exec yarn start "$@"
