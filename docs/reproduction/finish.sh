#!/usr/bin/env bash
# Writes the reproduction's record from the studies' stores, every part of it from one command:
#
#   bash docs/reproduction/finish.sh NANO_STUDY MICRO_STUDY [OUT_DIR]
#
# NANO_STUDY is the `reproduction` study folder, MICRO_STUDY the `reproduction-micro` one; OUT_DIR
# defaults to docs/reproduction. The program is $EMERGENCE (default: the Release build of this
# clone). Written into OUT_DIR:
#   report/       the nano study's report as generated (index.html, figures/, tables.md, results.json);
#                 marked interim when a run is not complete
#   report-micro/ the micro study's report, likewise
#   by-size/      emergence analyze over the nano runs and micro-s0 (floors by size, swap test, top-down)
#   sensitivity/  the nano analysis again with one choice changed each time, to check a disagreement
#                 against the choices the paper leaves open: paper-grid (only the paper's checkpoint
#                 schedule), logprob (answer log-probability as the behaviour), circular-null (circular
#                 shifts instead of phase randomisation), lag-5 (cross-correlation lags -5..5)
#   cost/         emergence status --cost of each study (each run's time and cost by part)
# The reports take each study's lock, so the studies must not be training; the stores are only read.
set -euo pipefail
usage="usage: finish.sh NANO_STUDY MICRO_STUDY [OUT_DIR]"
nano=${1:?$usage}
micro=${2:?$usage}
here=$(cd "$(dirname "$0")" && pwd)
out=${3:-$here}
emergence=${EMERGENCE:-$here/../../src/Emergence.Cli/bin/Release/net10.0/emergence}
[ -x "$emergence" ] || { echo "finish: no program at $emergence (build with dotnet build -c Release, or set EMERGENCE)" >&2; exit 2; }
for study in "$nano" "$micro"; do
  [ -f "$study/study.json" ] || { echo "finish: $study holds no study (no study.json)" >&2; exit 2; }
done

# A study with runs that are not complete is refused by `report`; its report is then written marked interim.
report() {
  local study=$1 target=$2
  if ! "$emergence" report "$study" 2>/dev/null; then
    echo "finish: $study has runs that are not complete: its report is marked interim"
    "$emergence" report "$study" --interim
  fi
  rm -rf "$target"; mkdir -p "$target"
  cp -r "$study/report/index.html" "$study/report/tables.md" "$study/report/results.json" "$study/report/figures" "$target/"
}
report "$nano" "$out/report"
report "$micro" "$out/report-micro"

nano_runs=("$nano"/runs/*/)
nano_runs=("${nano_runs[@]%/}")
"$emergence" analyze "${nano_runs[@]}" "$micro"/runs/*/ --out "$out/by-size"

declare -A variants=(
  [paper-grid]="--checkpoint-grid paper"
  [logprob]="--behaviour answer_logprob"
  [circular-null]="--null circular"
  [lag-5]="--max-lag 5"
)
for name in "${!variants[@]}"; do
  # shellcheck disable=SC2086 # the variant's options are words
  "$emergence" analyze "${nano_runs[@]}" ${variants[$name]} --out "$out/sensitivity/$name"
done

mkdir -p "$out/cost"
for study in "$nano" "$micro"; do
  "$emergence" status "$study" --cost > "$out/cost/$(basename "$study").txt"
done
echo "finish: the record is in $out (report, report-micro, by-size, sensitivity, cost)"
