#!/usr/bin/env python3
"""Per-call costs of one client process and one emulator process, counted, not timed (issue 16).

    cargo build --release --all-features --bin chat-emulator --example loadgen
    benches/percall.py [--only create|get|list] [--stub] [--concurrency 1] [--calls 2000,6000]
                       [--callgrind client|emulator] [--log-level warn]

Runs `examples/loadgen.rs` against a fresh `chat-emulator` twice, with two numbers of timed
calls and the same setup and warm-up, and prints the difference of the two runs divided by
the difference of the calls: what one more call costs each process, with start-up, setup and
warm-up cancelled out. Counted with `perf stat` (software events and syscall tracepoints:
context switches, CPU migrations, futex, epoll_wait, reads and writes, CPU time), so the
numbers do not depend on what else the machine runs, except CPU time. With `--callgrind X`,
process X runs under valgrind's callgrind and its instructions per call are printed too
(the other process runs natively); `--callgrind-out DIR` keeps the profiles for
`callgrind_annotate`.
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
EVENTS = [
    "task-clock",
    "context-switches",
    "cpu-migrations",
    "raw_syscalls:sys_enter",
    "syscalls:sys_enter_futex",
    "syscalls:sys_enter_epoll_wait",
    "syscalls:sys_enter_read",
    "syscalls:sys_enter_recvfrom",
    "syscalls:sys_enter_write",
    "syscalls:sys_enter_writev",
    "syscalls:sys_enter_sendto",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the emulator exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("the emulator did not open its port")


def perf_counts(path):
    counts = {}
    with open(path) as f:
        for line in f:
            parts = line.strip().split(",")
            if len(parts) < 3 or line.startswith("#"):
                continue
            try:
                counts[parts[2]] = float(parts[0])
            except ValueError:
                pass
    return counts


def callgrind_total(path):
    with open(path) as f:
        for line in f:
            m = re.match(r"==\d+== Collected : (\d+)", line)
            if m:
                return int(m.group(1))
    return None


def valgrind(out, log):
    return ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", f"--log-file={log}"]


def one_run(args, calls, tmp):
    port = free_port()
    emu_cmd = [os.path.join(TARGET, "release", "chat-emulator"), "--port", str(port),
               "--log-level", args.log_level]
    emu_cg = os.path.join(tmp, f"emu-{calls}.callgrind")
    emu_log = os.path.join(tmp, f"emu-{calls}.valgrind")
    if args.callgrind == "emulator":
        emu_cmd = valgrind(emu_cg, emu_log) + emu_cmd
    emu = subprocess.Popen(emu_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, emu, timeout=120)
    emu_perf = os.path.join(tmp, f"emu-{calls}.perf")
    emu_stat = subprocess.Popen(["perf", "stat", "-x,", "-e", ",".join(EVENTS), "-o", emu_perf,
                                 "-p", str(emu.pid)])
    time.sleep(0.3)
    cli_perf = os.path.join(tmp, f"cli-{calls}.perf")
    cli_cg = os.path.join(tmp, f"cli-{calls}.callgrind")
    cli_log = os.path.join(tmp, f"cli-{calls}.valgrind")
    loadgen = [os.path.join(TARGET, "release", "examples", "loadgen"),
               "--endpoint", f"http://127.0.0.1:{port}", "--concurrency", str(args.concurrency),
               "--calls", str(calls), "--warmup", str(args.warmup)]
    if args.only:
        loadgen += ["--only", args.only]
    if args.stub:
        loadgen.append("--stub")
    if args.callgrind == "client":
        loadgen = valgrind(cli_cg, cli_log) + loadgen
    env = dict(os.environ)
    if args.worker_threads:
        env["TOKIO_WORKER_THREADS"] = str(args.worker_threads)
    out = subprocess.run(["perf", "stat", "-x,", "-e", ",".join(EVENTS), "-o", cli_perf, "--"]
                         + loadgen, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"loadgen failed: {out.stderr}")
    line = out.stdout.strip().splitlines()[-1]
    emu_stat.send_signal(signal.SIGINT)
    emu_stat.wait()
    emu.send_signal(signal.SIGTERM)
    emu.wait()
    cli = perf_counts(cli_perf)
    srv = perf_counts(emu_perf)
    if args.callgrind == "client":
        cli["instructions (callgrind)"] = callgrind_total(cli_log)
    if args.callgrind == "emulator":
        srv["instructions (callgrind)"] = callgrind_total(emu_log)
    if args.callgrind_out:
        os.makedirs(args.callgrind_out, exist_ok=True)
        for p in (cli_cg, emu_cg):
            if os.path.exists(p):
                os.replace(p, os.path.join(args.callgrind_out, os.path.basename(p)))
    return cli, srv, line


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", choices=["get", "create", "list"])
    ap.add_argument("--stub", action="store_true")
    ap.add_argument("--concurrency", type=int, default=1)
    ap.add_argument("--calls", default="2000,6000")
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--callgrind", choices=["client", "emulator"])
    ap.add_argument("--callgrind-out")
    ap.add_argument("--log-level", default="warn")
    ap.add_argument("--worker-threads", type=int, help="TOKIO_WORKER_THREADS for the client")
    args = ap.parse_args()
    n1, n2 = (int(n) for n in args.calls.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        c1, s1, _ = one_run(args, n1, tmp)
        c2, s2, line = one_run(args, n2, tmp)
    print(line)
    what = f"--only {args.only or 'mixed'}{' --stub' if args.stub else ''} c{args.concurrency}"
    print(f"per call ({what}; ({n2} - {n1} calls) difference / {n2 - n1})")
    print(f"{'event':<32} {'client':>12} {'emulator':>12}")
    keys = [k for k in list(c2) + [k for k in s2 if k not in c2]]
    for k in dict.fromkeys(keys):
        def per(a, b):
            if a.get(k) is None or b.get(k) is None:
                return "-"
            v = (b[k] - a[k]) / (n2 - n1)
            # task-clock is in milliseconds: per call in µs.
            return f"{v * 1000:.1f} µs" if k == "task-clock" else f"{v:.2f}"
        print(f"{k:<32} {per(c1, c2):>12} {per(s1, s2):>12}")


if __name__ == "__main__":
    main()
