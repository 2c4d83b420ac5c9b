#!/bin/sh
# A throwaway one-node Slurm cluster on loopback, for the `launch --backend slurm` tests.
#   slurm.sh install     install Debian's slurm-wlm and munge when missing (needs root and apt)
#   slurm.sh start DIR   start munged, slurmctld and slurmd with their config, sockets, state and
#                        logs in DIR (as root: slurmd runs jobs as their users); prints the path of
#                        slurm.conf: sbatch, squeue and scancel find the cluster with SLURM_CONF=it
#   slurm.sh stop DIR    stop the daemons started in DIR, by their pid files
set -eu
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
case "${1:-}" in
  install)
    command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && exit 0
    echo "sextant: installing Debian's slurm-wlm and munge for the Slurm launch tests" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >&2
    ;;
  start)
    [ "$(id -u)" = 0 ] || { echo "sextant: slurm.sh start needs root (slurmd runs jobs as their users)" >&2; exit 1; }
    dir=$(mkdir -p "$2" && cd "$2" && pwd)
    chmod 755 "$dir"
    mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
    # munged checks that only its own user can write its socket's folder; it runs as munge with the package's key.
    chown munge:munge "$dir/munge"
    chmod 755 "$dir/munge"
    runuser -u munge -- munged --socket="$dir/munge/socket" --pid-file="$dir/munge/munged.pid" \
      --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/seed"
    node=$(hostname -s)
    cat > "$dir/slurm.conf" <<CONF
ClusterName=sextant-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
DefMemPerCPU=100
SlurmdParameters=config_overrides
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
SchedulerParameters=sched_interval=1
MinJobAge=300
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 CPUs=4 RealMemory=4096 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
    SLURM_CONF="$dir/slurm.conf" slurmctld -i
    SLURM_CONF="$dir/slurm.conf" slurmd
    echo "$dir/slurm.conf"
    ;;
  stop)
    # Jobs still running would outlive slurmd (their slurmstepd does): cancel them first.
    SLURM_CONF="$2/slurm.conf" scancel --user="$(id -un)" --quiet 2>/dev/null && sleep 1 || true
    for pid in "$2/slurmd.pid" "$2/slurmctld.pid" "$2/munge/munged.pid"; do
      [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
    done
    ;;
  *)
    echo "usage: slurm.sh install | start DIR | stop DIR" >&2
    exit 2
    ;;
esac
