#!/usr/bin/env bash
# Reruns the benchmarks recorded in BENCHMARKS.md on this machine (Release build).
# Usage: bench/run.sh [train|measures|all]   (run on a quiet machine: other load skews the numbers)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
dotnet build -c Release src/Emergence.Cli -v quiet -nologo >/dev/null
emergence() { dotnet src/Emergence.Cli/bin/Release/net10.0/emergence.dll "$@"; }
echo "# $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
if [ "$what" = train ] || [ "$what" = all ]; then emergence bench train --models nano,micro,small --steps 30; fi
if [ "$what" = measures ] || [ "$what" = all ]; then emergence bench measures; fi
