#!/bin/sh
# slurm.sh — the README's Slurm job array on a real one-node Slurm cluster:
# installs Debian's slurm-wlm and munge, starts munged, slurmctld and
# slurmd as root without systemd (a generated slurm.conf, every file in a
# temporary directory, ports of its own), submits the README's job.sh (a
# heat map in eight shards), merges the parts with --merge and compares the
# map byte for byte with the unsplit run; then deletes one part and checks
# that --merge names its shard.  Stops the daemons it started.
# Run by .ci/extra (step "slurm"), not by make check: it needs root and
# apt-get.  Environment: COLRES (default ./colres), SLURM_TIMEOUT (seconds
# to wait for the cluster and for the job array, default 300).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
colres_bin=${COLRES:-$top/colres}
limit=${SLURM_TIMEOUT:-300}
start=$(date +%s)

fail() { echo "slurm.sh: FAIL: $*" >&2; exit 1; }
say() { echo "slurm.sh: $*"; }

[ "$(id -u)" -eq 0 ] || fail "needs root (munged, slurmctld and slurmd run as root here)"
[ -x "$colres_bin" ] || fail "no colres binary at $colres_bin (build first)"

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    say "installing slurm-wlm and munge"
    DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge >/dev/null ||
        fail "apt-get install slurm-wlm munge failed"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/colres-slurm.XXXXXX")
chmod 755 "$dir"
export SLURM_CONF="$dir/slurm.conf"

# Stop what this script started (pids from their own pid files), always.
stop_pid() { # FILE: TERM, up to 10 s, then KILL
    [ -s "$1" ] || return 0
    p=$(cat "$1")
    kill "$p" 2>/dev/null || return 0
    i=0
    while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$p" 2>/dev/null || true
}
cleanup() {
    rc=$?
    if [ -s "$dir/slurmctld.pid" ]; then
        timeout 10 scontrol shutdown >/dev/null 2>&1 || true
    fi
    stop_pid "$dir/slurmd.pid"
    stop_pid "$dir/slurmctld.pid"
    stop_pid "$dir/munge/munged.pid"
    if [ "$rc" -ne 0 ]; then
        for f in "$dir"/log/*.log "$dir"/munge/munged.log "$dir"/work/slurm-*.log; do
            [ -f "$f" ] || continue
            echo "--- $f (last 20 lines)"
            tail -n 20 "$f"
        done
    fi
    rm -rf "$dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# --- munge: a fresh key and socket of our own ---
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log" "$dir/work"
chmod 711 "$dir/munge"
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$dir/munge/munge.key"
munged --force --socket="$dir/munge/socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/seed" \
    --log-file="$dir/munge/munged.log" || fail "munged did not start"
munge -S "$dir/munge/socket" -n | unmunge -S "$dir/munge/socket" >/dev/null ||
    fail "munge credentials do not round-trip"

# --- slurm.conf: one node, this machine, ports from our pid ---
host=$(hostname -s)
port=$((20000 + ($$ % 5000) * 2))
cpus=$(nproc)
cat >"$SLURM_CONF" <<CONF
ClusterName=colresci
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SwitchType=switch/none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"

# Wait for the node to be idle.
waited=0
until sinfo -h -n "$host" -o %t 2>/dev/null | grep -q '^idle'; do
    [ $waited -lt "$limit" ] || fail "node $host not idle after $limit s (sinfo: $(sinfo 2>&1 | tr '\n' ' '))"
    sleep 1
    waited=$((waited + 1))
done
say "one-node cluster up on $host (ports $port, $((port + 1))) after $(($(date +%s) - start)) s"

# --- the README's job array and merge ---
awk '/^As a Slurm job array/ { on = 1 } on && /^then, when the tasks are done:/ { exit }
     on && /^    / { sub(/^    /, ""); print }' README >"$dir/work/job.sh"
merge=$(awk 'done && /^    colres heatmap/ { sub(/^    /, ""); print; exit }
             /^then, when the tasks are done:/ { done = 1 }' README)
grep -q '^#SBATCH --array=0-7' "$dir/work/job.sh" || fail "no job array in the README's job.sh"
case $merge in *--merge*) ;; *) fail "no --merge command in the README after the job array" ;; esac
grid=$(echo "$merge" | sed -e 's/^colres heatmap //' -e 's/ --merge.*//')
grep -q -- "$(echo "$grid" | cut -d' ' -f1-4)" "$dir/work/job.sh" ||
    fail "the README's job.sh and merge use different grids"

mkdir -p "$dir/bin"
ln -s "$colres_bin" "$dir/bin/colres"
cd "$dir/work"
say "sbatch --wait job.sh (timeout $limit s)"
rc=0
PATH="$dir/bin:$PATH" timeout "$limit" sbatch --wait --chdir="$dir/work" job.sh >sbatch.out 2>&1 || rc=$?
[ $rc -ne 124 ] || fail "the job array did not finish in $limit s (squeue: $(squeue 2>&1 | tr '\n' ' '))"
[ $rc -eq 0 ] || fail "sbatch --wait exited $rc: $(cat sbatch.out)"
n=$(ls part-*.csv 2>/dev/null | wc -l)
[ "$n" -eq 8 ] || fail "expected 8 parts, found $n"

# shellcheck disable=SC2086
"$colres_bin" heatmap $grid --quiet >unsplit.csv || fail "the unsplit run failed"
PATH="$dir/bin:$PATH" sh -c "$merge" 2>merge.err || fail "--merge of 8 complete parts failed: $(cat merge.err)"
cmp -s map.csv unsplit.csv || fail "the merged map differs from the unsplit run"
say "ok: 8 shards merged equal the unsplit run byte for byte ($(wc -l <map.csv) lines)"

rm part-3.csv
rc=0
PATH="$dir/bin:$PATH" sh -c "$merge" 2>merge.err || rc=$?
[ $rc -eq 1 ] || fail "--merge without part 3 exited $rc, expected 1"
grep -q 'missing shards: 3/8 ' merge.err || fail "--merge without part 3 did not name it: $(cat merge.err)"
[ ! -s map.csv ] || fail "--merge wrote a map with a shard missing"
say "ok: without part-3.csv the merge says: $(cat merge.err)"
cd "$top"
say "all passed in $(($(date +%s) - start)) s"
