#!/usr/bin/env bash
# Runs every check and test of the repository: OpenAPI generation up to date,
# type checks, API reports, lint, prettier, unit and integration tests (database tests on
# SQLite and PostgreSQL), the topology tests (topology/: the production build
# in two replicas under load and faults) and the end-to-end tests in headless
# Chromium.
# Installs whatever is missing first (dependencies, Chromium) and starts
# PostgreSQL if it is stopped. Every step runs even when an earlier one fails;
# the last line is the total over all of them: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh
set +e

log() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# --- what the tests need -----------------------------------------------------
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
# Chromium, an emoji font so that the runbooks' and messages' emoji render, and
# the real Alertmanager the alert ingestion is tested against (not started: the
# test runs its own).
missing=()
[ -x "$CHROMIUM_PATH" ] || missing+=(chromium)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
[ -x /usr/bin/prometheus-alertmanager ] || missing+=(prometheus-alertmanager)
# The topology tests run a PostgreSQL 15 and a Redis of their own.
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} (apt)"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
export BACKSTAGE_TEST_DISABLE_DOCKER=1
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  log "starting PostgreSQL"
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
  done
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

# --- the suites ----------------------------------------------------------------
passed=0
failed=0
report=e2e-test-report
mkdir -p "$report"

check() {
  local name="$1"
  shift
  log "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $name"
    failed=$((failed + 1))
  fi
}

# Adds the passed and failed counts of a JSON report (jest or Playwright).
count() {
  local file="$1" kind="$2" counts
  counts="$(node -e '
    const [file, kind] = process.argv.slice(1);
    let r;
    try { r = JSON.parse(require("fs").readFileSync(file, "utf8")); } catch { console.log("0 1"); process.exit(); }
    if (kind === "jest") {
      // a suite that failed to run counts as a failure even with no test in it
      const broken = r.testResults.filter(t => t.status === "failed" && t.assertionResults.length === 0).length;
      console.log(r.numPassedTests, r.numFailedTests + broken);
    } else {
      const s = r.stats;
      console.log(s.expected + s.flaky, s.unexpected + (r.errors?.length ?? 0));
    }' "$file" "$kind")"
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
  echo "$kind: ${counts% *} passed, ${counts#* } failed"
}

check "OpenAPI routers generated from the specs" node scripts/openapi.mjs check plugins/incidents-backend
check "type check (yarn tsc)" yarn tsc
# Reads the declarations yarn tsc just wrote to dist-types/.
check "API reports up to date (yarn lint:api)" yarn lint:api
check "lint (yarn lint:all)" yarn lint:all
check "formatting (yarn prettier:check)" yarn prettier:check

# The topology tests (the production build in two replicas behind a proxy, on
# a PostgreSQL and a Redis of their own, under parallel load and faults) run
# beside the jest suite: measured on 2 cores, jest alone 211 s, jest 291 s and
# the topology tests 150 s when together, with the same results.
log "topology tests started in the background (output below, after jest)"
rm -f "$report/topology.json"
yarn test:topology --json --outputFile="$report/topology.json" >"$report/topology.log" 2>&1 &
topology_pid=$!

log "unit and integration tests (jest; databases: SQLite and PostgreSQL)"
rm -f "$report/jest.json"
CI=true yarn backstage-cli repo test --json --outputFile="$report/jest.json"
count "$report/jest.json" jest

log "topology tests (production build: two replicas, PostgreSQL, Redis, faults)"
wait "$topology_pid"
cat "$report/topology.log"
count "$report/topology.json" jest

log "end-to-end tests (Playwright, headless Chromium)"
rm -f "$report/results.json"
yarn playwright test
count "$report/results.json" playwright

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
