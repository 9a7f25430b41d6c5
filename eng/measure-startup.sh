#!/usr/bin/env bash
# Measures the time from the run command (eng/run.sh, solution already built) until every project answers /health,
# i.e. PostgreSQL and Temporal are healthy and each worker and listener has started. Stops the AppHost afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=eng/common.sh
source eng/common.sh
dotnet build TemporalFlow.sln -nologo -clp:ErrorsOnly >/dev/null
start=$(date +%s.%N)
ensure_local_servers
LocalCloud__Enabled=true dotnet run --project TemporalFlow.AppHost --no-build --launch-profile http > /tmp/temporalflow-startup.log 2>&1 &
apphost=$!
trap 'kill -TERM $apphost 2>/dev/null; wait $apphost 2>/dev/null || true' EXIT
# The projects' launch profiles fix their ports: orchestrator 5101, incident worker 5102, webhook listener 5103, document worker 5104.
for port in 5101 5102 5103 5104; do
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/health" || true)" = 200 ] && break
    sleep 0.2
  done
done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "All resources healthy %.1f s after the run command.\n", e - s }'
