#!/usr/bin/env bash
# Starts, or continues from their last checkpoints, both studies of the reproduction on one machine,
# as the runs on record are run:
#
#   bash docs/reproduction/resume.sh RUNS_DIR [nano-s0=N nano-s1=N nano-s2=N micro-s0=N]
#
# RUNS_DIR holds (or will hold) reproduction/ and reproduction-micro/; logs go to RUNS_DIR/log.txt
# and log-micro.txt. The program is $EMERGENCE (default: the Release build of this clone).
# Micro stops at its first checkpoint at or after step $MICRO_STOP_AT (default 50000, the length
# the record needs; "none" trains it to its 100,000 steps): a later start with "none" continues it.
# Both studies start from one session, so that Linux's autogroup scheduler shares the cores between
# their four runs rather than between the two studies; that group is set to nice 19, so that other
# work on the machine goes first. The optional RUN=N pairs give each run's threads a nice value
# within the group, for shares in proportion to each run's remaining work (progress.md); the
# numbers of a run do not depend on its share (one thread per run).
set -euo pipefail
usage="usage: resume.sh RUNS_DIR [RUN=NICE ...]"
runs=$(cd "${1:?$usage}" && pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
emergence=${EMERGENCE:-$here/../../src/Emergence.Cli/bin/Release/net10.0/emergence}
[ -x "$emergence" ] || { echo "resume: no program at $emergence (build with dotnet build -c Release, or set EMERGENCE)" >&2; exit 2; }
for pair in "$@"; do
  [[ $pair =~ ^(nano-s[0-2]|micro-s0)=(-?[0-9]+)$ ]] || { echo "resume: '$pair' is not RUN=NICE with RUN one of nano-s0, nano-s1, nano-s2, micro-s0" >&2; exit 2; }
done
micro_stop=${MICRO_STOP_AT:-50000}
case $micro_stop in
  none) micro_stop_option="" ;;
  *[!0-9]*|"") echo "resume: MICRO_STOP_AT '$micro_stop' is not a step or none" >&2; exit 2 ;;
  *) micro_stop_option="--stop-at $micro_stop" ;;
esac
if pgrep -f "study --preset reproduction" >/dev/null; then echo "resume: a reproduction study is already running (pgrep -af emergence)" >&2; exit 2; fi

setsid nohup bash -c "
  '$emergence' study --preset reproduction --out '$runs/reproduction' --jobs 3 --threads 3 >> '$runs/log.txt' 2>&1 &
  '$emergence' study --preset reproduction-micro --out '$runs/reproduction-micro' --jobs 1 --threads 1 $micro_stop_option >> '$runs/log-micro.txt' 2>&1 &
  wait" < /dev/null > /dev/null 2>&1 &
session=$!
sleep 2
echo 19 > "/proc/$session/autogroup"
echo "resume: studies started in session $session (autogroup nice 19); logs in $runs/log.txt, $runs/log-micro.txt"

[ $# -eq 0 ] && exit 0
sleep 60 # until the study has started its children
for pair in "$@"; do
  run=${pair%%=*}; nice=${pair##*=}
  if [ "$run" = micro-s0 ]; then pid=$(pgrep -f "study --preset reproduction-micro --out $runs/" | head -1 || true)
  else pid=$(pgrep -f "study-run $runs/reproduction $run " | head -1 || true); fi
  [ -n "$pid" ] || { echo "resume: $run is not running (complete, or not started yet): left as it is"; continue; }
  for task in /proc/"$pid"/task/*; do renice -n "$nice" -p "$(basename "$task")" >/dev/null; done # nice is per thread on Linux
  echo "resume: $run (pid $pid) at nice $nice"
done
