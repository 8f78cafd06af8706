#!/usr/bin/env bash
# Stops the one-node Slurm that .ci/slurm-up.sh started (slurmd, slurmctld, munged), by their
# pid files; leaves the packages and the configuration for the next start.
set -uo pipefail
state=/var/lib/emergence-slurm
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
if [ -f /etc/slurm/slurm.conf ] && ! grep -qF "# written by emergence .ci/slurm-up.sh" /etc/slurm/slurm.conf; then
  echo "slurm-down: /etc/slurm/slurm.conf was not written by slurm-up.sh; stopping nothing" >&2
  exit 1
fi
stop() {
  local pidfile=$1
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  $sudo kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do $sudo kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  $sudo kill -9 "$pid" 2>/dev/null || true
}
stop "$state/slurmd.pid"
stop "$state/slurmctld.pid"
stop /run/munge/munged.pid
exit 0
