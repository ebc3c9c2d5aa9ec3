"""Driver of benches/peers/compare.sh: runs each load generator against a fresh chat-emulator per
(client, concurrency) and measures every load-generator process the same way from outside
(os.wait4: user + system CPU seconds and peak RSS of the whole process, start-up and setup
included). Prints a markdown table, writes benches/peers/results/compare-<time>.json and the plot.

Only the standard library, except matplotlib for the plot (from --plot-path).
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Each load generator's setup: two SetUpSpace and 60 CreateMessage.
SETUP_CALLS = 62


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def pinned(cpus):
    """A preexec_fn that keeps the child (and every thread it starts) on `cpus`, or None."""
    return (lambda: os.sched_setaffinity(0, cpus)) if cpus else None


class Emulator:
    def __init__(self, binary, log, cpus=None):
        self.port = free_port()
        self.log = open(log, "w")
        # warn: no line per call, so logging costs nothing in the measurement.
        self.proc = subprocess.Popen(
            [binary, "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warn"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            preexec_fn=pinned(cpus),
        )
        deadline = time.monotonic() + 10
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"chat-emulator exited (see {log})")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"chat-emulator did not start (see {log})")
                time.sleep(0.05)

    def stop(self):
        cpu = proc_cpu_seconds(self.proc.pid)
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        return cpu


def measure(cmd, cwd, env, err_path, cpus=None):
    """Runs cmd; returns (stdout, exit status, CPU seconds, peak RSS KiB, wall seconds)."""
    started = time.monotonic()
    with open(err_path, "w") as err:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err,
                             preexec_fn=pinned(cpus))
        out = p.stdout.read().decode()
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    return out, p.returncode, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, wall


def version_info(peers):
    info = {"machine": platform.machine(), "cpus": os.cpu_count(), "kernel": platform.release()}
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    for name, cmd in [("rustc", ["rustc", "--version"]), ("node", ["node", "--version"])]:
        try:
            info[name] = subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            pass
    info["python"] = platform.python_version()
    py = os.path.join(peers, "py")
    for dist in ("google_apps_chat", "grpcio", "protobuf", "proto_plus"):
        found = [d for d in os.listdir(py) if d.startswith(dist + "-") and d.endswith(".dist-info")]
        if found:
            info[dist.replace("_", "-")] = found[0][len(dist) + 1 : -len(".dist-info")]
    for pkg in ("@google-apps/chat", "google-gax", "@grpc/grpc-js"):
        try:
            with open(os.path.join(peers, "node", "node_modules", pkg, "package.json")) as f:
                info[pkg] = json.load(f)["version"]
        except OSError:
            pass
    return info


def table(rows):
    lines = [
        "| client | concurrency | calls | calls/s | p50 | p99 | CPU s / 10k calls (process) "
        "| CPU s / 10k calls (timed phase) | peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['concurrency']} | {r['calls']:,} | {r['calls_per_s']:,.0f} "
            f"| {r['p50_us'] / 1000:.2f} ms | {r['p99_us'] / 1000:.2f} ms "
            f"| {r['cpu_s_per_10k']:.2f} | {r['timed_cpu_s_per_10k']:.2f} "
            f"| {r['peak_rss_kib'] / 1024:.1f} MiB |"
            + (f" **{r['errors']} errors**" if r["errors"] else "")
        )
    return "\n".join(lines)


def plot(rows, path, plot_path, title):
    sys.path.insert(0, plot_path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    clients = list(dict.fromkeys(r["label"] for r in rows))
    concs = sorted({r["concurrency"] for r in rows})
    colors = {"Rust ChatClient": "#b7410e", "Python google-apps-chat": "#3776ab",
              "Node @google-apps/chat": "#5fa04e"}
    metrics = [
        ("calls_per_s", "calls/s (higher is better)", 1),
        ("p99_us", "p99 latency, ms (lower is better)", 1e-3),
        ("cpu_s_per_10k", "client CPU s per 10k calls (lower is better)", 1),
        ("peak_rss_kib", "client peak RSS, MiB (lower is better)", 1 / 1024),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    axes = axes.flatten()
    width = 0.8 / max(len(clients), 1)
    for ax, (key, label, scale) in zip(axes, metrics):
        for k, c in enumerate(clients):
            xs, ys = [], []
            for j, conc in enumerate(concs):
                r = next((r for r in rows if r["label"] == c and r["concurrency"] == conc), None)
                if r:
                    xs.append(j + (k - (len(clients) - 1) / 2) * width)
                    ys.append(r[key] * scale)
            bars = ax.bar(xs, ys, width, label=c, color=colors.get(c))
            ax.bar_label(bars, labels=[f"{y:,.0f}" if y >= 100 else f"{y:.2g}" for y in ys],
                         fontsize=8)
        ax.set_xticks(range(len(concs)), [f"concurrency {c}" for c in concs])
        ax.set_title(label, fontsize=10)
        if key == "p99_us":
            ax.set_yscale("log")
    axes[0].legend(fontsize=8, loc="upper left")
    for ax in axes:
        ax.margins(y=0.12)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def medians(rows):
    """One row per (client, concurrency): the median of each measure over the rounds."""
    out = []
    for key in dict.fromkeys((r["label"], r["concurrency"]) for r in rows):
        group = [r for r in rows if (r["label"], r["concurrency"]) == key]
        m = {"label": key[0], "concurrency": key[1], "calls": group[0]["calls"],
             "rounds": len(group), "errors": sum(r["errors"] for r in group)}
        for k in ("calls_per_s", "p50_us", "p99_us", "cpu_s_per_10k", "timed_cpu_s_per_10k",
                  "peak_rss_kib", "emulator_cpu_s"):
            m[k] = statistics.median(r[k] for r in group)
        out.append(m)
    return out


def ratios(rows):
    """Rust's calls/s over each peer's in the same round and at the same concurrency, then the
    median of those paired ratios. Pairing matters on a shared VM: host load comes and goes for
    tens of seconds and moves a client that waits on wake-ups (Rust at concurrency 1) far more
    than one that is busy on CPU, so a ratio of medians can pair a fast Rust round with a slow
    peer one; runs of the same round sit seconds apart."""
    out = []
    rust = LABELS["rust"]
    for conc in dict.fromkeys(r["concurrency"] for r in rows):
        for peer in [label for label in dict.fromkeys(r["label"] for r in rows) if label != rust]:
            paired = []
            for round_ in dict.fromkeys(r["round"] for r in rows):
                mine = [r for r in rows if (r["label"], r["concurrency"], r["round"]) == (rust, conc, round_)]
                theirs = [r for r in rows if (r["label"], r["concurrency"], r["round"]) == (peer, conc, round_)]
                if mine and theirs and theirs[0]["calls_per_s"] > 0:
                    paired.append(mine[0]["calls_per_s"] / theirs[0]["calls_per_s"])
            if paired:
                out.append({"peer": peer, "concurrency": conc,
                            "median": round(statistics.median(paired), 2),
                            "per_round": [round(x, 2) for x in paired]})
    return out


def ratio_table(ratios_):
    lines = ["| Rust ChatClient / | concurrency | median of the rounds' ratios | each round |",
             "| --- | --- | --- | --- |"]
    for r in ratios_:
        each = " / ".join(f"{x:.1f}x" for x in r["per_round"])
        lines.append(f"| {r['peer']} | {r['concurrency']} | {r['median']:.1f}x | {each} |")
    return "\n".join(lines)


LABELS = {"rust": "Rust ChatClient", "python": "Python google-apps-chat",
          "node": "Node @google-apps/chat"}


def run_one(args, client, conc, calls, warmup, logs, env, py_env, node_dir):
    """One load generator against its own fresh emulator; its JSON line plus the outside
    measurements."""
    cpus = args.c1_cpus if conc == 1 else None
    emulator = Emulator(args.emulator, os.path.join(logs, f"emulator-{client}-c{conc}.log"), cpus)
    endpoint = f"127.0.0.1:{emulator.port}"
    flags = ["--concurrency", str(conc), "--calls", str(calls), "--warmup", str(warmup)]
    if client == "rust":
        cmd, cwd, e = [args.rust_loadgen, "--endpoint", f"http://{endpoint}", *flags], None, env
    elif client == "python":
        script = os.path.join(HERE, "loadgen.py")
        cmd, cwd, e = [sys.executable, "-s", script, "--endpoint", endpoint, *flags], None, py_env
    elif client == "node":
        script = os.path.join(HERE, "loadgen.js")
        cmd, cwd, e = ["node", script, "--endpoint", endpoint, *flags], node_dir, env
    else:
        emulator.stop()
        raise SystemExit(f"unknown client {client}")
    load = os.getloadavg()[0]
    err_path = os.path.join(logs, f"loadgen-{client}-c{conc}.err")
    out, code, cpu, rss, wall = measure(cmd, cwd, e, err_path, cpus)
    emulator_cpu = emulator.stop()
    if code != 0 or not out.strip():
        with open(err_path) as f:
            sys.stderr.write(f.read())
        raise SystemExit(f"{client} at concurrency {conc} failed (exit {code})")
    r = json.loads(out.strip().splitlines()[-1])
    r.update(
        label=LABELS[client],
        process_cpu_s=round(cpu, 3),
        process_wall_s=round(wall, 3),
        peak_rss_kib=rss,
        # The whole process (start-up included) over every call it made: setup, warm-up and
        # timed calls.
        cpu_s_per_10k=round(cpu / (SETUP_CALLS + warmup + calls) * 10_000, 3),
        timed_cpu_s_per_10k=round(r["timed_cpu_s"] / calls * 10_000, 3),
        emulator_cpu_s=round(emulator_cpu, 3),
        loadavg_1m_before=round(load, 2),
        cpus=sorted(cpus) if cpus else None,
    )
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--rust-loadgen", required=True)
    ap.add_argument("--peers", required=True)
    ap.add_argument("--clients", default="rust,python,node")
    ap.add_argument("--concurrency", default="1,64")
    ap.add_argument("--calls-c1", type=int, default=3000)
    ap.add_argument("--calls", type=int, default=20000, help="calls at concurrency > 1")
    ap.add_argument("--warmup-c1", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=1000, help="warm-up at concurrency > 1")
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--png", default=os.path.join(HERE, "compare.png"))
    ap.add_argument("--rounds", type=int, default=5,
                    help="full sweeps, clients interleaved; the table shows each row's median")
    ap.add_argument("--c1-cpus", default=None, type=lambda v: {int(c) for c in v.split(",")},
                    help="pin the emulator and the load generator of every concurrency-1 run to "
                         "these CPUs (e.g. 0): one call at a time then never waits for an idle "
                         "CPU to wake, which on a VM can cost more than the call")
    ap.add_argument("--no-plot", action="store_true")
    args = ap.parse_args()

    peers = os.path.abspath(args.peers)
    env = dict(os.environ, METADATA_SERVER_DETECTION="none", GOOGLE_CLOUD_PROJECT="emulator")
    env.pop("GOOGLE_APPLICATION_CREDENTIALS", None)
    py_env = dict(env, PYTHONPATH=os.path.join(peers, "py"), PYTHONDONTWRITEBYTECODE="1")
    node_dir = os.path.join(peers, "node")
    os.makedirs(args.results, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    logs = os.path.join(args.results, "logs")
    os.makedirs(logs, exist_ok=True)

    started = time.time()
    load_before = os.getloadavg()
    rows = []
    for round_ in range(1, args.rounds + 1):
        print(f"round {round_}/{args.rounds}", flush=True)
        for conc in [int(c) for c in args.concurrency.split(",")]:
            calls = args.calls_c1 if conc == 1 else args.calls
            warmup = args.warmup_c1 if conc == 1 else args.warmup
            for client in args.clients.split(","):
                r = run_one(args, client, conc, calls, warmup, logs, env, py_env, node_dir)
                r["round"] = round_
                rows.append(r)
                print(
                    f"  {r['label']:<24} c{conc:<3} {r['calls_per_s']:>9,.0f} calls/s  "
                    f"p50 {r['p50_us'] / 1000:.2f} ms  p99 {r['p99_us'] / 1000:.2f} ms  "
                    f"CPU {r['cpu_s_per_10k']:.2f} s/10k  RSS {r['peak_rss_kib'] / 1024:.1f} MiB  "
                    f"(load {r['loadavg_1m_before']:.2f})",
                    flush=True,
                )

    result = {
        "date": stamp,
        "took_s": round(time.time() - started, 1),
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
        "workload": "70% GetMessage, 20% CreateMessage, 10% ListMessages (page_size 50)",
        "env": version_info(peers),
        "rounds": args.rounds,
        "median": medians(rows),
        "ratios": ratios(rows),
        "runs": rows,
    }
    path = os.path.join(args.results, f"compare-{stamp}.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    print()
    print(f"median of {args.rounds} round(s):" if args.rounds > 1 else "")
    print(table(result["median"]))
    if result["ratios"]:
        print()
        print("calls/s, paired by round:")
        print(ratio_table(result["ratios"]))
    print()
    print(f"results: {os.path.relpath(path)}")
    if not args.no_plot:
        title = (f"benches/peers/compare.sh {stamp}: mixed 70/20/10 workload, {args.calls:,} calls at "
                 f"concurrency > 1, {args.calls_c1:,} at 1, median of {args.rounds} round(s)\n"
                 f"client and chat-emulator share one machine ({result['env'].get('cpus')} CPUs)")
        plot(result["median"], args.png, os.path.join(peers, "plot"), title)
        print(f"plot: {os.path.relpath(args.png)}")


if __name__ == "__main__":
    main()
