#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) for the end-to-end tests, cached under
# .cache/code-server so that a second run only checks the stamp file and returns.
# Why the manual steps: code-server's own install scripts download prebuilt binaries from the
# internet, which is not reachable here, so we skip them (--ignore-scripts) and rebuild the
# native modules from source with node-gyp against the local Node headers instead.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${NETLENS_CODE_SERVER_CACHE:-$ROOT/.cache/code-server}"
STAMP="$CACHE/.installed-$CODE_SERVER_VERSION"
CS="$CACHE/node_modules/code-server"

if [[ -f "$STAMP" && -f "$CS/out/node/entry.js" ]]; then
  echo "code-server $CODE_SERVER_VERSION already installed in $CACHE"
  exit 0
fi

log() { printf '[setup-code-server] %s\n' "$*"; }

# --- Debian packages (Chromium, the native build tools, ...) ---------------------------------
bash "$ROOT/scripts/debian-packages.sh"

# --- code-server from the npm registry -------------------------------------------------------
mkdir -p "$CACHE"
cd "$CACHE"
[[ -f package.json ]] || echo '{ "name": "netlens-code-server-cache", "private": true }' > package.json
if [[ ! -f "$CS/package.json" ]] || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS/package.json"; then
  log "npm install code-server@$CODE_SERVER_VERSION"
  npm install --no-save --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION"
fi

VS="$CS/lib/vscode"
cd "$VS"
if [[ ! -d node_modules/@parcel/watcher ]]; then
  log "npm install in lib/vscode"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund
fi

# Native modules, built from source. node-pty's rebuild exits non-zero from a later step that
# tries to download (npx node-gyp), after its binary is built, so success is judged by loading
# each module rather than by the exit code. @parcel/watcher ships its binary in a per-platform
# package, so its rebuild is a no-op.
native_ok() {
  local mod
  for mod in @parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty; do
    node -e "require('$mod')" >/dev/null 2>&1 || { echo "native module $mod does not load" >&2; return 1; }
  done
}
if ! native_ok 2>/dev/null; then
  log "npm rebuild native modules in lib/vscode"
  # Output to a log: node-pty's expected failure is noisy and would look like a real error.
  npm rebuild @parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty > "$CACHE/rebuild.log" 2>&1 || true
  native_ok || { tail -40 "$CACHE/rebuild.log" >&2; echo "full log: $CACHE/rebuild.log" >&2; exit 1; }
fi

# ripgrep: @vscode/ripgrep's postinstall would download it; use Debian's.
mkdir -p node_modules/@vscode/ripgrep/bin
cp -f "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# The server loads some modules through node_modules.asar paths.
[[ -e node_modules.asar ]] || ln -s node_modules node_modules.asar

cd "$VS/extensions"
if [[ ! -d node_modules ]]; then
  log "npm install in lib/vscode/extensions"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund
fi

# argon2 (password hashing; unused with --auth none but loaded at start-up) sits at the top of
# the cache folder's node_modules.
cd "$CACHE"
if ! node -e "require('argon2')" >/dev/null 2>&1; then
  log "npm rebuild argon2"
  npm rebuild argon2 || true
  node -e "require('argon2')" || { echo "argon2 does not load" >&2; exit 1; }
fi

# Smoke check: the server prints its version.
# --config: without it code-server writes a default config into the home folder.
node "$CS/out/node/entry.js" --config "$CACHE/config.yaml" --version
touch "$STAMP"
log "done: $CS"
