#!/usr/bin/env bash
# Everything `npm test` needs beyond npm packages, prepared on a fresh machine (runs as `pretest`):
# the Debian packages (scripts/debian-packages.sh) and code-server for the end-to-end tier
# (scripts/setup-code-server.sh, cached under .cache/). A second run only checks and returns.
# NETLENS_SKIP_PREREQUISITES=1 skips it (for machines prepared another way).
set -euo pipefail
[[ "${NETLENS_SKIP_PREREQUISITES:-}" == 1 ]] && exit 0
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/debian-packages.sh"
bash "$here/setup-code-server.sh"
