# Shared by eng/run.sh and eng/test.sh: environment and prerequisites on a machine of our kind (or a developer laptop).
# shellcheck shell=bash

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# Aspire's DCP panics without HOME (and then everything waits for a two-minute timeout).
if [ -z "${HOME:-}" ]; then
  HOME=$(getent passwd "$(id -u)" | cut -d: -f6)
  [ -n "$HOME" ] && [ -d "$HOME" ] || HOME=/tmp/temporalflow-home
  mkdir -p "$HOME"
  export HOME
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

has_docker_engine() { docker info --format '{{.ServerVersion}}' >/dev/null 2>&1; }

# PostgreSQL server binaries: the tests always run throwaway clusters with them; the run command only needs them without Docker.
ensure_postgres_binaries() {
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { [ "${1:-}" = "unless-docker" ] && has_docker_engine; }; then
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    fail "PostgreSQL server binaries are missing. Install them (sudo apt-get install -y postgresql) or start Docker."
  fi
  step "Installing PostgreSQL server binaries (apt-get install postgresql)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # Debian starts a cluster on install where it can; the tests run their own throwaway clusters.
  (command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | while read -r v c; do pg_ctlcluster "$v" "$c" stop || true; done) || true
}

# Debian's Chromium for the chat page's browser test (Playwright drives it through TEMPORALFLOW_CHROMIUM, default /usr/bin/chromium).
ensure_chromium() {
  if [ -x "${TEMPORALFLOW_CHROMIUM:-/usr/bin/chromium}" ]; then
    return 0
  fi
  [ "$(id -u)" = 0 ] || fail "Chromium is missing: install it (sudo apt-get install -y chromium) or point TEMPORALFLOW_CHROMIUM at a Chromium."
  step "Installing Chromium for the browser test (apt-get install chromium, about a minute)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# curl and jq: the README's walkthrough uses them, and a test runs the walkthrough as written.
ensure_walkthrough_tools() {
  if command -v curl >/dev/null && command -v jq >/dev/null; then
    return 0
  fi
  [ "$(id -u)" = 0 ] || fail "curl or jq is missing: install them (sudo apt-get install -y curl jq)."
  step "Installing curl and jq for the walkthrough (apt-get install curl jq)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl jq >/dev/null
}

# fauxqs (S3 + SQS), Azurite (Blob) and oidc-provider (OpenID Connect) for the tests, from eng/local-servers (npm, pinned by its lock file).
ensure_node() {
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    [ "$(id -u)" = 0 ] || fail "Node.js and npm are missing: install them (sudo apt-get install -y nodejs npm)."
    step "Installing Node.js and npm (apt-get install nodejs npm)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
}

ensure_local_servers() {
  ensure_node
  if [ ! -d eng/local-servers/node_modules/fauxqs ] || [ ! -d eng/local-servers/node_modules/azurite ] || [ ! -d eng/local-servers/node_modules/oidc-provider ]; then
    step "Installing the local servers (npm ci in eng/local-servers: fauxqs for S3 + SQS, Azurite for Blob, oidc-provider for sign-in tests)"
    npm ci --prefix eng/local-servers --no-audit --no-fund --loglevel=error
  fi
}

# Temporal's Web UI for the emulator (eng/temporal-ui: a SvelteKit shell around @temporalio/ui). node_modules is kept between
# runs; the build runs again only when the shell's sources or lock file changed (a hash of them is kept beside the build).
ensure_temporal_ui() {
  ensure_node
  local ui=eng/temporal-ui stamp
  stamp=$(cd "$ui" && find package-lock.json package.json svelte.config.js vite.config.js tailwind.config.js postcss.config.js tsconfig.json src -type f -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
  if [ -f "$ui/build/index.html" ] && [ "$(cat "$ui/build/.stamp" 2>/dev/null)" = "$stamp" ]; then
    return
  fi
  if [ ! -d "$ui/node_modules/@temporalio/ui" ]; then
    step "Installing the Web UI's packages (npm ci in $ui: @temporalio/ui and SvelteKit, about a minute)"
    npm ci --prefix "$ui" --no-audit --no-fund --loglevel=error
  fi
  step "Building Temporal's Web UI for the emulator (npm run build in $ui, about 30 s)"
  mkdir -p "$ui/.svelte-kit"
  if ! (cd "$ui" && npm run build --silent > .svelte-kit/build-ui.log 2>&1); then
    tail -n 30 "$ui/.svelte-kit/build-ui.log" >&2
    fail "The Web UI did not build (above: the end of $ui/.svelte-kit/build-ui.log): run 'npm run build' in $ui to see it all."
  fi
  echo "$stamp" > "$ui/build/.stamp"
}

command -v dotnet >/dev/null || fail "The .NET SDK is not on PATH: install .NET SDK 10 (https://dot.net)."
