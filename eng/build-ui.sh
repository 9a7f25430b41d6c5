#!/usr/bin/env bash
# Builds Temporal's Web UI for the emulator: the SvelteKit shell in eng/temporal-ui around the npm package @temporalio/ui,
# into eng/temporal-ui/build. Skips the build when the shell and its lock file have not changed since the last one.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=eng/common.sh
source eng/common.sh
ensure_temporal_ui
