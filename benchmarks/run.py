"""Benchmark openstack-core against openstacksdk and a bare keystoneauth1 floor.

    python3 benchmarks/run.py            # full run (about 10 minutes)
    python3 benchmarks/run.py --quick    # fewer repetitions and smaller listings

Builds its virtualenvs under a cache directory (``~/.cache/openstack-core-bench`` unless
``--cache-dir`` or ``OSC_BENCH_CACHE`` says otherwise), starts a fake Keystone, Nova and
Glance on 127.0.0.1 (``fakecloud.py``), runs every measurement in a fresh process per
contender, interleaved (A B C A B C ...) over the repetitions, and writes
``benchmarks/results.md`` and ``benchmarks/results.json`` (``results-quick.*`` for a
quick run). See ``benchmarks/README.md`` for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import _report  # noqa: E402 - the benchmark's own modules sit beside this script
import _venvs  # noqa: E402

WORKER = HERE / "_worker.py"
README = HERE / "README.md"
README_START = "<!-- results:start -->"
README_END = "<!-- results:end -->"
WORKER_TIMEOUT_S = 900
#: Modules the plugin-count measurement imports before its clock starts (see
#: measure_plugins in _worker.py): code whose import time does not depend on how many
#: distributions are installed.
PREIMPORT = [
    "stevedore.driver",
    "stevedore.named",
    "keystoneauth1.loading",
    "keystoneauth1.identity.generic",
    "keystoneauth1.loading._plugins.identity.generic",
    "openstack_compute.v2._proxy",
]


def say(message: str) -> None:
    """Progress on stderr, so stdout carries only the final table."""
    stamp = datetime.datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


# -- the fake cloud ----------------------------------------------------------------------


@dataclass
class FakeCloud:
    """The running fake cloud process and its ports."""

    ports: dict[str, int]
    process: subprocess.Popen[bytes]

    def control(self, path: str) -> Any:
        """GET a control endpoint and decode its JSON answer."""
        connection = http.client.HTTPConnection("127.0.0.1", self.ports["control"], timeout=60)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"fake cloud control {path}: HTTP {response.status} {body!r}")
            return json.loads(body)
        finally:
            connection.close()

    def url(self, service: str, path: str = "") -> str:
        """The URL of ``path`` on one of the fake services."""
        return f"http://127.0.0.1:{self.ports[service]}{path}"


@contextmanager
def fake_cloud(
    work: Path, max_servers: int, warm: list[int], *, delay_ms: float = 0, name: str = "fakecloud"
) -> Iterator[FakeCloud]:
    """Start ``fakecloud.py`` in its own process and stop it afterwards; ``delay_ms``
    delays every answer (a remote region)."""
    ready = work / f"{name}-ports.json"
    ready.unlink(missing_ok=True)
    log = (work / f"{name}.log").open("w")
    command = [
        sys.executable,
        str(HERE / "fakecloud.py"),
        "--ready-file",
        str(ready),
        "--max-servers",
        str(max_servers),
        "--warm",
        ",".join(map(str, warm)),
        "--delay-ms",
        str(delay_ms),
    ]
    if delay_ms:
        command += ["--images", "10"]  # only the start-up is measured there
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while not ready.exists():
            if process.poll() is not None:
                raise RuntimeError(f"fakecloud.py exited with {process.returncode}; see {log.name}")
            if time.monotonic() > deadline:
                raise RuntimeError("fakecloud.py did not start within 300 s")
            time.sleep(0.2)
        yield FakeCloud(json.loads(ready.read_text()), process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


#: The clouds of clouds.yaml: name -> (fake cloud, whether openstack-core's caches are on).
CLOUDS = {
    "bench": ("local", False),
    "bench-cached": ("local", True),
    "bench-remote": ("remote", False),
    "bench-remote-cached": ("remote", True),
}
#: How much later the remote fake cloud answers every request.
REMOTE_DELAY_MS = _report.REMOTE_DELAY_MS


def write_clouds_yaml(path: Path, clouds: dict[str, FakeCloud]) -> None:
    """The clouds.yaml every contender connects with (password auth, as most do): one
    entry per cloud of :data:`CLOUDS`. The cached ones turn openstack-core's token and
    discovery caches on; the other contenders ignore that key."""
    text = "clouds:\n"
    for name, (where, cached) in CLOUDS.items():
        text += (
            f"  {name}:\n"
            "    region_name: RegionOne\n"
            "    interface: public\n"
            "    identity_api_version: 3\n"
            "    auth_type: password\n"
            "    auth:\n"
            f"      auth_url: {clouds[where].url('identity', '/v3')}\n"
            "      username: bench\n"
            "      password: bench-password\n"
            "      project_name: bench\n"
            "      user_domain_name: Default\n"
            "      project_domain_name: Default\n"
        )
        if cached:
            text += "    cache:\n      auth: true\n      discovery: true\n"
    path.write_text(text)


# -- measurements ------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One measurement, run by each of ``contenders`` once per repetition."""

    key: str
    measure: str
    contenders: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict)
    #: Processes per contender per repetition: more for the short, noisy measurements.
    runs: int = 1


def plan(args: argparse.Namespace, cloud: FakeCloud, ids: dict[str, Any]) -> list[Task]:
    """Every task of this run, in the order a repetition runs them."""
    three = ("core", "sdk", "floor")
    tasks = [Task("startup", "startup", three, {"flavors": 10}, runs=3)]
    # Short-lived processes with openstack-core's caches warm (a process ran before each
    # sample), and a cloud in another region, cold and warm. The floor has no cache: it
    # runs the same start-up against the same cloud.
    for key, name, runs in (
        ("startup_cached", "bench-cached", 3),
        ("startup_remote", "bench-remote", 2),
        ("startup_remote_cached", "bench-remote-cached", 2),
    ):
        params = {"flavors": 10, "cloud": name, "prime": CLOUDS[name][1]}
        tasks.append(Task(key, "startup", ("core", "floor"), params, runs=runs))
    for size in args.sizes:
        tasks.append(
            Task(
                f"list_{size}",
                "list_servers",
                three,
                {"servers": size, "server_ids": ids["servers"][:1]},
            )
        )
    # The cost of observing: the same listing with every call reported to Prometheus.
    tasks.append(
        Task(
            "list_10000_prometheus",
            "list_servers",
            ("core", "core_prom"),
            {"servers": 10_000, "server_ids": ids["servers"][:1]},
        )
    )
    tasks += [
        Task(
            "server_objects",
            "server_objects",
            three,
            {
                "page_url": cloud.url("compute", "/v2.1/servers/detail?limit=1000"),
                "microversion": "2.100",
                "passes": 10,
            },
        ),
        Task(
            "get_server",
            "get_server",
            three,
            {"server_ids": ids["servers"][: args.calls], "calls": args.calls},
            runs=2,
        ),
        Task(
            "list_images",
            "list_images",
            three,
            {"images": 1000, "image_ids": ids["images"]},
            runs=2,
        ),
        Task(
            "list_ports",
            "list_ports",
            three,
            {"ports": 10_000, "port_ids": ids["ports"]},
            runs=2,
        ),
        Task(
            "list_users_10000",
            "list_users",
            three,
            {"users": 10_000, "user_ids": ids["users"]},
            runs=2,
        ),
        Task("compute_access", "compute_access", ("core", "sdk"), {"loops": 100_000}, runs=2),
        # openstack-core's local cloud in process: no fake cloud process, no sockets.
        Task("local_cloud", "local_cloud", ("core",), {"servers": 1000}, runs=1),
        Task("plugins", "plugins", ("core", "core50"), {"preimport": PREIMPORT}, runs=5),
        # The same with nothing imported beforehand: shown for completeness; its
        # difference is dominated by the noise of importing keystoneauth1's plugins.
        Task("plugins_cold", "plugins", ("core", "core50"), {"preimport": []}, runs=5),
    ]
    if args.only:
        tasks = [t for t in tasks if t.key in args.only or t.measure in args.only]
    return tasks


class Runner:
    """Runs one task for one contender in a fresh process and collects its sample."""

    def __init__(
        self, envs: _venvs.Environments, clouds: dict[str, FakeCloud], work: Path, max_servers: int
    ) -> None:
        self.clouds = clouds
        self.cloud = clouds["local"]
        self.max_servers = max_servers
        self.work = work
        #: contender -> (Python of its virtualenv, contender class in the worker)
        self.contenders = {
            "core": (envs.core, "core"),
            "sdk": (envs.sdk, "sdk"),
            "floor": (envs.core, "floor"),
            "core50": (envs.core50, "core"),
            "core_prom": (envs.core, "core_prometheus"),
        }
        clouds_yaml = work / "clouds.yaml"
        write_clouds_yaml(clouds_yaml, clouds)
        home = work / "home"
        home.mkdir(exist_ok=True)
        # A clean environment: no OS_* variables, proxies or user config can leak in.
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "OS_CLIENT_CONFIG_FILE": str(clouds_yaml),
            # stevedore and openstacksdk keep caches here; one place per benchmark run.
            "XDG_CACHE_HOME": str(work / "xdg-cache"),
        }

    def run(self, task: Task, contender: str) -> dict[str, Any]:
        """One measurement; returns its values, checks and the requests it made.

        A task with ``prime`` in its parameters runs the worker once unmeasured first,
        so that caches a contender keeps on disk are warm for the sample.
        """
        python, kind = self.contenders[contender]
        cloud = self.clouds[CLOUDS[task.params.get("cloud", "bench")][0]]
        # Listings choose how many servers Nova holds; every other task sees them all.
        if cloud is self.cloud:
            cloud.control(f"/servers?count={task.params.get('servers', self.max_servers)}")
        spec = json.dumps({"params": task.params, "control_port": cloud.ports["control"]})
        command = [str(python), "-I", str(WORKER), kind, task.measure, spec]
        for _ in range(2 if task.params.get("prime") else 1):
            cloud.control("/reset")
            result = subprocess.run(
                command,
                env=self.env,
                cwd=self.work,
                capture_output=True,
                text=True,
                timeout=WORKER_TIMEOUT_S,
                check=False,
            )
            if result.returncode != 0:
                raise RuntimeError(
                    f"{contender} {task.key} failed (exit {result.returncode}):\n"
                    + result.stderr[-3000:]
                )
        sample: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        log = cloud.control("/log")
        sample["phases"] = split_phases(log["requests"])
        sample["server_cpu_s"] = log["server_cpu_s"]
        phases = sample["phases"]
        if task.measure == "startup":
            count = sum(phases.get(p, {}).get("count", 0) for p in ("connect", "first_call"))
            sample["requests"] = {"startup_requests": count}
        return sample


def split_phases(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The request log cut at the worker's marks: requests, bytes and targets per phase."""
    phases: dict[str, dict[str, Any]] = {}
    current = "setup"
    for entry in entries:
        if "mark" in entry:
            current = entry["mark"]
            continue
        phase = phases.setdefault(current, {"count": 0, "bytes": 0, "targets": []})
        phase["count"] += 1
        phase["bytes"] += entry["bytes"]
        if len(phase["targets"]) < 50:
            phase["targets"].append(f"{entry['service']} {entry['method']} {entry['target']}")
    return phases


# -- the run -----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "openstack_core", "plugins"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
    }


def render(meta: dict[str, Any], samples: _report.Samples, sizes: list[int]) -> str:
    """The markdown report of one run."""
    listings = [f"list_{size}" for size in sizes] + ["list_images"]
    equal = _report.pagination_equal(samples, listings)
    timed = [*listings, "get_server"]
    found = _report.verdicts(samples, sizes)
    m = meta["machine"]
    versions = meta["versions"]
    load = meta["load"]
    lines = [
        f"Run of {meta['date']} on {m['cpu']}, {m['cores']} cores, Python {m['python']} "
        f"({m['platform']}); checkout {m['commit']}; {meta['repetitions']} repetitions"
        f"{' (--quick)' if meta['quick'] else ''}, {meta['duration_s'] / 60:.1f} min.",
        "",
        f"Load average (1 min) {load['before']:.2f} before, {load['after']:.2f} after"
        + (
            ": other work was running, absolute times are inflated; the ratios hold."
            if max(load["before"], load["after"]) > 0.5
            else "."
        ),
        "",
        f"openstack-core {versions['core'].get('openstack-core', '?')}, keystoneauth1 "
        f"{versions['core'].get('keystoneauth1', '?')}; openstacksdk "
        f"{versions['sdk'].get('openstacksdk', '?')} with keystoneauth1 "
        f"{versions['sdk'].get('keystoneauth1', '?')}.",
        "",
        "Median [min, max] over the samples; every sample is a fresh process.",
        "",
        _report.main_table(samples, sizes),
        "",
        "The floor keeps the dict, so its build time is the loop alone. Client CPU is the "
        "contender process's CPU time over the timed section; wall time adds the fake "
        "cloud's answers and whatever else the machine was doing.",
        "",
        _report.plugin_table(samples),
        "",
        _report.observer_table(samples),
        "",
        "Targets:",
        "",
        _report.verdict_table(found),
        "",
        "Requests the fake cloud answered in each timed phase (first sample):",
        "",
        _report.request_table(samples, timed),
        "",
        "Same pages requested by every contender: "
        + ", ".join(f"{task} {'yes' if ok else '**NO**'}" for task, ok in equal.items())
        + ".",
    ]
    return "\n".join(lines) + "\n"


def update_readme(table: str) -> None:
    """Replace the results section of benchmarks/README.md with ``table``."""
    text = README.read_text()
    start, end = text.index(README_START), text.index(README_END)
    README.write_text(text[: start + len(README_START)] + "\n" + table + text[end:])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        description="Benchmark openstack-core against openstacksdk and a keystoneauth1 floor."
    )
    parser.add_argument("--quick", action="store_true", help="3 repetitions, smaller listings")
    parser.add_argument("--repetitions", type=int, help="repetitions (default 5, quick 3)")
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(s) for s in text.split(",")],
        help="server counts to list (default 10000,100000; quick 2000,10000)",
    )
    parser.add_argument("--calls", type=int, default=2000, help="get_server calls (2000)")
    parser.add_argument(
        "--slow-budget",
        type=float,
        default=45,
        help="seconds one contender may spend on one task before it is not repeated (45)",
    )
    parser.add_argument(
        "--only", nargs="*", help="run only these tasks (e.g. startup get_server list_10000)"
    )
    default_cache = os.environ.get("OSC_BENCH_CACHE") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "openstack-core-bench"
    )
    parser.add_argument("--cache-dir", type=Path, default=Path(default_cache))
    parser.add_argument(
        "--refresh", action="store_true", help="recreate the virtualenvs (newest openstacksdk)"
    )
    parser.add_argument("--output-dir", type=Path, default=HERE, help="where results.* go")
    parser.add_argument(
        "--update-readme", action="store_true", help="put the table into benchmarks/README.md"
    )
    args = parser.parse_args(argv)
    if args.repetitions is None:
        args.repetitions = 3 if args.quick else 5
    if args.sizes is None:
        args.sizes = [2000, 10_000] if args.quick else [10_000, 100_000]
    return args


def main(argv: list[str] | None = None) -> int:
    """Set up, measure, report."""
    args = parse_args(argv)
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    envs = _venvs.prepare(REPO, args.cache_dir, refresh=args.refresh, say=say)
    samples: _report.Samples = {}
    with tempfile.TemporaryDirectory(prefix="osc-bench-") as temporary:
        work = Path(temporary)
        say(f"starting the fake cloud with {max(args.sizes):,} servers")
        with (
            fake_cloud(work, max(args.sizes), args.sizes) as cloud,
            fake_cloud(work, 10, [], delay_ms=REMOTE_DELAY_MS, name="remote") as remote,
        ):
            ids = cloud.control("/ids")
            runner = Runner(envs, {"local": cloud, "remote": remote}, work, max(args.sizes))
            tasks = plan(args, cloud, ids)
            # One discarded round: byte-code and entry-point caches are written now, not
            # during the first measured repetition.
            say("warm-up round")
            for task in tasks:
                if task.measure in ("startup", "plugins"):
                    for contender in task.contenders:
                        runner.run(task, contender)
            spent: dict[tuple[str, str], float] = {}
            for repetition in range(args.repetitions):
                say(f"repetition {repetition + 1} of {args.repetitions}")
                for task in tasks:
                    for _ in range(task.runs):
                        for contender in task.contenders:
                            # A contender that already spent the slow budget on this task
                            # keeps the samples it has (openstacksdk listing 100k servers
                            # takes minutes per run).
                            if spent.get((task.key, contender), 0) > args.slow_budget:
                                continue
                            began = time.monotonic()
                            sample = runner.run(task, contender)
                            spent[(task.key, contender)] = (
                                spent.get((task.key, contender), 0) + time.monotonic() - began
                            )
                            samples.setdefault(task.key, {}).setdefault(contender, []).append(
                                sample
                            )
    meta = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": envs.versions,
        "repetitions": args.repetitions,
        "quick": args.quick,
        "sizes": args.sizes,
        "load": {"before": load_before, "after": os.getloadavg()[0]},
        "duration_s": time.monotonic() - started,
    }
    report = render(meta, samples, args.sizes)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    # A quick run never replaces the committed figures of a full run.
    stem = "results-quick" if args.quick else "results"
    (args.output_dir / f"{stem}.md").write_text(report)
    # The request targets of the first sample of each task are enough to audit paging.
    for by_contender in samples.values():
        for runs in by_contender.values():
            for run in runs[1:]:
                for phase in run["phases"].values():
                    phase.pop("targets", None)
    (args.output_dir / f"{stem}.json").write_text(
        json.dumps({"meta": meta, "samples": samples}, indent=1) + "\n"
    )
    if args.update_readme and not args.quick:
        update_readme(report)
    elif args.update_readme:
        say("--update-readme ignored for a --quick run: the README shows full runs only")
    print(report)
    say(f"written to {args.output_dir / stem}.md and {stem}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
