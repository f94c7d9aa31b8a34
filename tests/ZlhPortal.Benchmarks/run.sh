#!/usr/bin/env bash
# Runs a benchmark scenario in Release: bash tests/ZlhPortal.Benchmarks/run.sh <scenario> [options]; --help lists them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
command -v chromium >/dev/null 2>&1 || { echo "installing Debian's chromium..."; apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
dotnet build ZlhPortal.sln -c Release -nologo -v quiet
if [ "${1:-}" = ide-asset ] && [ "$(nproc)" -ge 2 ]; then
  # B4's method: the load generators run on core 0 (the scenario pins them), the portal and simulator on core 1.
  exec taskset -c 1 dotnet run --no-build -c Release --project tests/ZlhPortal.Benchmarks -- "$@"
fi
if [ "${1:-}" = interaction-latency ]; then
  # B2 hosts the portal in this process; give it the server GC it has when deployed (the web SDK's default).
  export DOTNET_gcServer=1
fi
exec dotnet run --no-build -c Release --project tests/ZlhPortal.Benchmarks -- "$@"
