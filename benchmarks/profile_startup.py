"""The start-up's CPU time by phase: openstack-core against the keystoneauth1 floor.

    python3 benchmarks/profile_startup.py                 # 21 processes each
    python3 benchmarks/profile_startup.py --before /path/to/other/venv/bin/python

Runs the ``startup_cpu`` measurement of ``_worker.py`` (import, connect, first
``conn.compute``, first call, each as ``time.process_time()``) in fresh processes,
interleaved, against the local fake cloud, with the virtualenvs of ``run.py`` (same
``--cache-dir``). CPU time leaves out the time a busy machine makes a process wait, so
the least of a few dozen processes is steady to a few tenths of a millisecond where wall
time is not. ``--before`` adds a column for another Python with openstack-core installed
(an older checkout, to profile a change); ``--cloud bench-cached`` measures with the
caches warm (a process runs first). The table is what benchmarks/README.md shows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _venvs  # noqa: E402
import run  # noqa: E402

PHASES = (
    ("import_s", "import"),
    ("connect_s", "connect from clouds.yaml"),
    ("compute_s", "first `conn.compute`"),
    ("first_call_s", "first call (list flavors)"),
    ("startup_s", "total"),
)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="processes per contender (21)")
    parser.add_argument("--before", type=Path, help="a Python with another openstack-core")
    parser.add_argument("--cloud", default="bench", choices=sorted(run.CLOUDS))
    parser.add_argument("--cache-dir", type=Path, default=run.parse_args([]).cache_dir)
    args = parser.parse_args(argv)
    envs = _venvs.prepare(run.REPO, args.cache_dir, refresh=False, say=run.say)
    contenders = {"after": (envs.core, "core"), "floor": (envs.core, "floor")}
    if args.before:
        contenders = {"before": (args.before, "core"), **contenders}
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in contenders}
    with tempfile.TemporaryDirectory(prefix="osc-profile-") as temporary:
        work = Path(temporary)
        with (
            run.fake_cloud(work, 10, []) as cloud,
            run.fake_cloud(work, 10, [], delay_ms=run.REMOTE_DELAY_MS, name="remote") as remote,
        ):
            runner = run.Runner(envs, {"local": cloud, "remote": remote}, work, 10)
            spec = json.dumps(
                {
                    "params": {"cloud": args.cloud, "flavors": 10},
                    "control_port": cloud.ports["control"],
                }
            )
            for number in range(args.runs + 1):  # the first round writes byte code
                for name, (python, kind) in contenders.items():
                    command = [str(python), "-I", str(run.WORKER), kind, "startup_cpu", spec]
                    result = subprocess.run(
                        command,
                        env=runner.env,
                        cwd=work,
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    if number:
                        values = json.loads(result.stdout.strip().splitlines()[-1])["values"]
                        samples[name].append(values)
    names = list(contenders)
    print("| phase (CPU ms, least / median) | " + " | ".join(names) + " |")
    print("|" + " --- |" * (len(names) + 1))
    for key, label in PHASES:
        cells = []
        for name in names:
            data = [s[key] * 1e3 for s in samples[name]]
            if key == "compute_s" and contenders[name][1] == "floor":
                cells.append("-")  # the floor has no service attribute
            else:
                cells.append(f"{min(data):.1f} / {statistics.median(data):.1f}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
