#!/usr/bin/env bash
# The training step against plain PyTorch on the same machine, side by side: runs
# `emergence bench train` and the PyTorch peer (bench_train.py) alternately for several rounds
# and prints, per model size, the median over rounds of each side's median step time and the
# ratio PyTorch / ours (above 1: ours is faster). Both use the same thread count and the passive
# OpenMP wait policy. The peer pads every batch to its longest example; ours packs the same kind
# of batch (64 examples over the 24 task-levels) and computes the same loss without the padding.
# Usage: bench/compare-pytorch.sh [rounds (3)] [sizes (nano,micro)] [threads (2)]
# PEER_DIR (default ../shared/peer beside the repository) holds bench_train.py; PYTHON (default /usr/bin/python3) has torch.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
sizes=${2:-nano,micro}
threads=${3:-2}
peer=${PEER_DIR:-../shared/peer}
python=${PYTHON:-/usr/bin/python3}
steps=${STEPS:-40}
[ -f "$peer/bench_train.py" ] || { echo "no PyTorch peer at $peer (set PEER_DIR)" >&2; exit 2; }
"$python" -c "import torch" 2>/dev/null || { echo "$python cannot import torch (set PYTHON)" >&2; exit 2; }
dotnet build -c Release src/Emergence.Cli -v quiet -nologo >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $threads threads, $rounds rounds"
for round in $(seq 1 "$rounds"); do
    OMP_WAIT_POLICY=PASSIVE dotnet src/Emergence.Cli/bin/Release/net10.0/emergence.dll bench train \
        --models "$sizes" --steps "$steps" --threads "$threads" \
        | awk -F'|' -v r="$round" '$5 ~ /packed/ { gsub(/ /, "", $2); gsub(/ /, "", $7); print r, $2, $7 }' >> "$work/ours"
    (cd "$peer" && env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=passive \
        "$python" bench_train.py --sizes "$sizes" --threads "$threads" --wait-idle 0 --out "$work/peer.json") \
        | awk -v r="$round" '/step median/ { for (i = 1; i <= NF; i++) if ($i == "median") print r, $1, $(i + 1) }' >> "$work/peer"
    echo "round $round: ours $(awk -v r="$round" '$1 == r { printf "%s %s ms  ", $2, $3 }' "$work/ours")| PyTorch $(awk -v r="$round" '$1 == r { printf "%s %s ms  ", $2, $3 }' "$work/peer")"
done
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "| model | ours median step ms | PyTorch median step ms | PyTorch / ours |"
echo "|---|---|---|---|"
for size in ${sizes//,/ }; do
    ours=$(awk -v s="$size" '$2 == s { print $3 }' "$work/ours" | median)
    torch=$(awk -v s="$size" '$2 == s { print $3 }' "$work/peer" | median)
    awk -v s="$size" -v o="$ours" -v t="$torch" 'BEGIN { printf "| %s | %.1f | %.1f | %.2fx |\n", s, o, t, t / o }'
done
