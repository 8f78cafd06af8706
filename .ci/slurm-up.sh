#!/usr/bin/env bash
# Starts a one-node Slurm on this machine for the Slurm tests (tests/Emergence.Tests/Study/Slurm*):
# installs Debian's slurmctld, slurmd, slurm-client and munge (the parts of slurm-wlm it needs)
# when missing, writes /etc/slurm/slurm.conf for this machine (its CPU count and memory; no
# cgroups: proctrack/linuxproc, task/none; no accounting database), creates the munge key when
# there is none, starts munged, slurmctld and slurmd (state and logs in /var/lib/emergence-slurm),
# and waits until the node takes jobs. Idempotent; .ci/slurm-down.sh stops what it started.
# Refuses to overwrite a slurm.conf it did not write (a real cluster's).
set -euo pipefail
marker="# written by emergence .ci/slurm-up.sh"
conf=/etc/slurm/slurm.conf
state=/var/lib/emergence-slurm
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  log=$(mktemp)
  if ! { $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq slurmctld slurmd slurm-client munge; } >"$log" 2>&1; then
    echo "slurm-up: apt-get could not install slurmctld, slurmd, slurm-client and munge:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  rm -f "$log"
fi

if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  echo "slurm-up: $conf exists and was not written by this script; not touching a real cluster's configuration" >&2
  exit 1
fi

node=$(hostname -s)
cpus=$(nproc)
memory_mib=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
$sudo mkdir -p /etc/slurm "$state/ctld" "$state/d" "$state/log"
$sudo tee "$conf" >/dev/null <<CONF
$marker
ClusterName=emergence
SlurmctldHost=$node
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SwitchType=switch/none
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mib State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF

if [ ! -s /etc/munge/munge.key ]; then
  $sudo mkdir -p /etc/munge
  $sudo dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
$sudo chown munge:munge /etc/munge/munge.key
$sudo chmod 400 /etc/munge/munge.key
$sudo mkdir -p /run/munge /var/log/munge /var/lib/munge
$sudo chown munge:munge /run/munge /var/log/munge /var/lib/munge

running() { [ -f "$1" ] && $sudo kill -0 "$(cat "$1")" 2>/dev/null; }
if ! munge -n </dev/null >/dev/null 2>&1; then
  $sudo runuser -u munge -- /usr/sbin/munged
fi
running "$state/slurmctld.pid" || $sudo slurmctld
running "$state/slurmd.pid" || $sudo slurmd

for _ in $(seq 1 60); do
  node_state=$(sinfo -h -n "$node" -o %t 2>/dev/null || true)
  case "$node_state" in
    idle*|mix*|alloc*) echo "slurm-up: node $node $node_state, $cpus CPUs, ${memory_mib} MiB"; exit 0 ;;
    down*|drain*) $sudo scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
echo "slurm-up: the node did not become idle within 60 s (state '${node_state:-none}'); logs:" >&2
tail -n 20 "$state/log/slurmctld.log" "$state/log/slurmd.log" >&2 || true
exit 1
