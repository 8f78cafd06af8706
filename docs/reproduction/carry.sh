#!/usr/bin/env bash
# Carries a study that is still training from one machine to the next through the repository.
#
#   bash docs/reproduction/carry.sh save    STUDY_DIR [PACK_DIR]   # while the runs train or after they stop
#   bash docs/reproduction/carry.sh restore STUDY_DIR [PACK_DIR]   # on a fresh clone, before rerunning the study
#
# save writes PACK_DIR (default docs/reproduction/partial/NAME, NAME = the study folder's name): study.json,
# commands.jsonl and, for every run, a consistent copy of its store (sqlite's online backup,
# taken while the run may be writing) compressed with xz, and the trainer state of the store's
# last checkpoint, which is all a resume reads. Kept weights stay behind (too large for git).
# restore unpacks them into STUDY_DIR/runs/RUN for every run that has no store there, or an
# older one; rerunning the study's command then continues every run from its last checkpoint.
set -euo pipefail
usage="usage: carry.sh save|restore STUDY_DIR [PACK_DIR]"
mode=${1:?$usage}
study=${2:?$usage}
here=$(cd "$(dirname "$0")" && pwd)
pack=${3:-$here/partial/$(basename "$study")}
for tool in sqlite3 xz; do
  command -v $tool >/dev/null || { echo "carry: needs $tool (Debian: apt-get install sqlite3 xz-utils)" >&2; exit 2; }
done

last_step() { sqlite3 "file:$1?mode=ro" "select coalesce(max(step), -1) from checkpoints"; }

save() {
  [ -f "$study/study.json" ] || { echo "carry: $study holds no study (no study.json)" >&2; exit 2; }
  local tmp; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
  mkdir -p "$tmp/runs"
  cp "$study/study.json" "$study/commands.jsonl" "$tmp/"
  for run in "$study"/runs/*/; do
    run=${run%/}; local r; r=$(basename "$run")
    [ -f "$run/run.db" ] || continue
    mkdir -p "$tmp/runs/$r/resume"
    # The trainer deletes the previous state only after committing the next checkpoint, so the
    # backup's last checkpoint has its state file unless a commit fell in between: then retry.
    local step=-1
    for attempt in 1 2 3 4 5; do
      sqlite3 "$run/run.db" ".backup '$tmp/runs/$r/run.db'"
      step=$(last_step "$tmp/runs/$r/run.db")
      rm -f "$tmp/runs/$r/run.db-wal" "$tmp/runs/$r/run.db-shm"
      [ "$step" -lt 0 ] && break
      local state; state=$(printf '%s/resume/step-%07d.state' "$run" "$step")
      cp "$state" "$tmp/runs/$r/resume/" 2>/dev/null && break
      [ "$attempt" -eq 5 ] && { echo "carry: no trainer state for $r's checkpoint $step" >&2; exit 1; }
      sleep 2
    done
    [ "$step" -lt 0 ] && { rm -rf "${tmp:?}/runs/$r"; continue; }
    xz -T1 -6 "$tmp/runs/$r/run.db"
    echo "carry: $r at checkpoint $step ($(du -sh "$tmp/runs/$r" | cut -f1))"
  done
  rm -rf "$pack"; mkdir -p "$(dirname "$pack")"; mv "$tmp" "$pack"; chmod 755 "$pack"
  trap - RETURN
  # A pack that git ignores would be committed without its runs: refuse it loudly.
  if git -C "$pack" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    local ignored; ignored=$(cd "$pack" && find . -type f | LC_ALL=C sort | git check-ignore --stdin | head -1 || true)
    [ -z "$ignored" ] || { echo "carry: git ignores $pack/${ignored#./}; a commit would leave it out (add an exception to .gitignore)" >&2; exit 1; }
  fi
}

restore() {
  [ -d "$pack" ] || { echo "carry: nothing to restore ($pack does not exist)" >&2; exit 2; }
  mkdir -p "$study/runs"
  [ -f "$study/study.json" ] || cp "$pack/study.json" "$pack/commands.jsonl" "$study/"
  for packed in "$pack"/runs/*/; do
    packed=${packed%/}; local r; r=$(basename "$packed"); local target=$study/runs/$r
    local tmp; tmp=$(mktemp); xz -dc "$packed/run.db.xz" > "$tmp"
    local have=-1; [ -f "$target/run.db" ] && have=$(last_step "$target/run.db")
    local carried; carried=$(last_step "$tmp"); rm -f "$tmp-wal" "$tmp-shm"; chmod 644 "$tmp"
    if [ "$have" -ge "$carried" ]; then echo "carry: $r already at checkpoint $have (carried: $carried), left as it is"; rm -f "$tmp"; continue; fi
    mkdir -p "$target/resume"
    rm -f "$target/run.db-wal" "$target/run.db-shm"
    mv "$tmp" "$target/run.db"
    cp "$packed"/resume/*.state "$target/resume/"
    echo "carry: $r restored at checkpoint $carried"
  done
}

case $mode in
  save) save ;;
  restore) restore ;;
  *) echo "carry: unknown mode '$mode' (allowed: save, restore)" >&2; exit 2 ;;
esac
