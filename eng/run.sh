#!/usr/bin/env bash
# Runs TemporalFlow: builds the solution and starts the Aspire AppHost (PostgreSQL, Temporal, workers, listeners, the local
# cloud stand-ins, dashboard).
# The dashboard address is printed as soon as it listens (default http://localhost:15080). Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=eng/common.sh
source eng/common.sh

ensure_postgres_binaries unless-docker
# The local cloud (fauxqs for S3 + SQS, Azurite for Blob) runs unless LocalCloud__Enabled=false is set.
export LocalCloud__Enabled="${LocalCloud__Enabled:-true}"
if [ "$LocalCloud__Enabled" = true ]; then ensure_local_servers; fi
ensure_temporal_ui # the emulator serves it on the temporal resource's ui endpoint (http://localhost:8080)
step "Building TemporalFlow.sln"
dotnet build TemporalFlow.sln -nologo -clp:ErrorsOnly
step "Starting the AppHost (Temporal:Mode and Postgres:Mode are 'auto': see README, Configuration)"
exec dotnet run --project TemporalFlow.AppHost --no-build --launch-profile http -- "$@"
