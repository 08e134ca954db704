"""Where a scenario's CPU goes: per answered request, by process role, and the machine's (ADR 0071).

A throughput on this machine is bounded by the CPU of every process on its two cores: the app
processes, PostgreSQL, nginx, Redis, the task worker, the load generator itself, and work that is
not ours (other tenants of a shared machine, kernel threads). The same figure can therefore come
from a cheaper page on a busier machine or a costlier page on a quiet one. Sampling `/proc` before
and after a measured phase tells the two apart:

- `/proc/<pid>/stat` gives each process's user + system time (all its threads); each process gets
  a role from its name and command line (`role`), the generator being the process that samples;
- `/proc/stat` gives the machine's busy time (every core, steal included, idle and I/O wait
  excluded), so `others` = busy time no process of ours accounts for.

A process that starts during the phase counts from zero; one that ends during it loses its share
(the scenarios' processes live through their phases). CPU time is charged to whichever process
runs when the kernel does the work: loopback packets are often processed in the sender's or the
receiver's context, so nginx's and the generator's shares move together between scenarios.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
ROLES = (
    "app",
    "postgresql",
    "postgresql_background",
    "nginx",
    "redis",
    "worker",
    "generator",
    "kernel",
    "other",
)
# PostgreSQL's own processes, apart from the backends that run the clients' statements: WAL
# writing, checkpoints, autovacuum (the postmaster too, whose command line is its binary's path).
POSTGRESQL_BACKGROUND = (
    "checkpointer",
    "background writer",
    "walwriter",
    "autovacuum",
    "logical replication",
    "archiver",
    "stats collector",
    "/bin/postgres",
)
KERNEL_THREADS = ("ksoftirqd", "kworker", "kswapd", "migration", "rcu_", "jbd2", "kcompactd")


def role(comm: str, cmdline: str, pid: int, own_pid: int) -> str:
    """The part a process plays in a scenario, from its name (`comm`) and command line."""
    if pid == own_pid:
        return "generator"
    if comm.startswith(("postgres", "postmaster")):
        background = any(name in cmdline for name in POSTGRESQL_BACKGROUND)
        return "postgresql_background" if background else "postgresql"
    if comm.startswith("nginx"):
        return "nginx"
    if comm.startswith("redis-server"):
        return "redis"
    if "db_worker" in cmdline:
        return "worker"
    if comm.startswith(("granian", "gunicorn")) or "granian" in cmdline or "gunicorn" in cmdline:
        return "app"
    if comm.startswith(KERNEL_THREADS):
        return "kernel"
    return "other"


@dataclass(frozen=True)
class Sample:
    """Seconds of CPU so far: by process id (with its role), and the machine's busy time."""

    processes: dict[int, tuple[str, float]]
    machine_busy: float
    at: float  # seconds since boot


def _process_seconds(stat: str, ticks: int) -> tuple[str, float]:
    comm = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    return comm, (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def _machine_busy(proc: Path, ticks: int) -> float:
    """All cores' busy seconds: user, nice, system, irq, softirq and steal (not idle, iowait)."""
    fields = [int(x) for x in (proc / "stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / ticks


def sample(proc: Path = PROC, own_pid: int | None = None) -> Sample:
    ticks = os.sysconf("SC_CLK_TCK")
    own = os.getpid() if own_pid is None else own_pid
    processes: dict[int, tuple[str, float]] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm, seconds = _process_seconds((entry / "stat").read_text(), ticks)
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile, or a kernel thread without a readable command line
        pid = int(entry.name)
        processes[pid] = (role(comm, cmdline, pid, own), seconds)
    uptime = float((proc / "uptime").read_text().split()[0])
    return Sample(processes, _machine_busy(proc, ticks), uptime)


@dataclass(frozen=True)
class Usage:
    """A phase's CPU: milliseconds per answered request by role, and cores busy on average."""

    requests: int
    seconds: float
    ms_per_request: dict[str, float]
    cores_busy: float  # the whole machine, whoever the work was for
    cores_ours: float  # the processes sampled (every role, "other" included)

    @property
    def ms_total(self) -> float:
        return sum(self.ms_per_request.values())

    @property
    def cores_others(self) -> float:
        """Busy cores no sampled process accounts for: other tenants, interrupts."""
        return max(0.0, self.cores_busy - self.cores_ours)


def usage(before: Sample, after: Sample, requests: int) -> Usage:
    by_role = dict.fromkeys(ROLES, 0.0)
    for pid, (name, seconds) in after.processes.items():
        spent = seconds - before.processes.get(pid, (name, 0.0))[1]
        by_role[name] += max(0.0, spent)
    elapsed = max(after.at - before.at, 1e-9)
    per = {name: 1000 * spent / max(requests, 1) for name, spent in by_role.items()}
    return Usage(
        requests=requests,
        seconds=elapsed,
        ms_per_request=per,
        cores_busy=(after.machine_busy - before.machine_busy) / elapsed,
        cores_ours=sum(by_role.values()) / elapsed,
    )


def combine(parts: list[Usage]) -> Usage:
    """Several phases of the same load (S8's alternated slices) as one."""
    requests = sum(p.requests for p in parts)
    seconds = sum(p.seconds for p in parts) or 1e-9
    per = {
        name: sum(p.ms_per_request.get(name, 0.0) * max(p.requests, 1) for p in parts)
        / max(requests, 1)
        for name in ROLES
    }
    return Usage(
        requests=requests,
        seconds=seconds,
        ms_per_request=per,
        cores_busy=sum(p.cores_busy * p.seconds for p in parts) / seconds,
        cores_ours=sum(p.cores_ours * p.seconds for p in parts) / seconds,
    )
