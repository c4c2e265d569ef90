#!/usr/bin/env bash
# Installs the Debian packages NetLens's tests, benchmarks and `npm start` need. The one list:
# .ci/run, scripts/prerequisites.sh and scripts/setup-code-server.sh all call this file.
#   chromium                  browser and end-to-end tiers (driven by playwright-core)
#   libkrb5-dev ripgrep make g++ python3   code-server's native modules, built from source
#   python3-torch             the PyTorch oracle (cross-checks, exported scripts, Python corpus)
#   python3-nbformat          validates exported Colab notebooks
#   fonts-noto-cjk            Hangul in screenshots
#   clang lld                 hand-written WebAssembly kernels
# As root it installs what is missing; otherwise it prints the exact command and fails.
set -euo pipefail

PACKAGES=(chromium libkrb5-dev ripgrep python3 make g++ python3-torch python3-nbformat fonts-noto-cjk clang lld)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "[netlens] not a Debian system: install the equivalents of ${PACKAGES[*]} yourself" >&2
  echo "[netlens] (set CHROMIUM_PATH to a Chromium and NETLENS_PYTHON to a Python with torch)." >&2
  exit 0
fi

need=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
(( ${#need[@]} )) || exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "[netlens] missing Debian packages. Run this once, then try again:" >&2
  echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
  exit 1
fi
echo "[netlens] apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
# Other jobs may hold the dpkg lock: wait for it instead of failing.
apt-get -o DPkg::Lock::Timeout=900 update -qq
apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${need[@]}"
