"""Turn the samples of a benchmark run into tables, target verdicts and checks.

Every figure is the median over the repetitions with its spread (min to max). Ratios
divide the medians of one run: on a shared machine absolute times drift, but the
contenders were interleaved in time, so the drift hits all of them alike.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Samples = dict[str, dict[str, list[dict[str, Any]]]]  # task -> contender -> samples

CONTENDERS = ("core", "sdk", "floor")
#: How much later the remote fake cloud answers (run.py starts it so).
REMOTE_DELAY_MS = 50
TITLES = {"core": "openstack-core", "sdk": "openstacksdk", "floor": "keystoneauth1 floor"}


@dataclass(frozen=True)
class Row:
    """One line of the main table: a metric of a task, shown in ``unit``."""

    label: str
    task: str
    metric: str
    unit: str
    scale: float = 1.0
    digits: int = 1
    ratios: bool = True


def values(samples: Samples, task: str, contender: str, metric: str) -> list[float]:
    """The values of ``metric`` over every repetition of ``task`` by ``contender``."""
    found = []
    for sample in samples.get(task, {}).get(contender, []):
        value = sample["values"].get(metric)
        if value is None:
            value = sample.get("requests", {}).get(metric)
        if value is not None:
            found.append(float(value))
    return found


def median(data: Sequence[float]) -> float | None:
    """The median, or None for no data."""
    return statistics.median(data) if data else None


def _format(data: Sequence[float], row: Row) -> str:
    if not data:
        return "n/a"
    mid = statistics.median(data) * row.scale
    low, high = min(data) * row.scale, max(data) * row.scale
    if row.digits == 0 and low == high:
        return f"{mid:.0f}"
    text = f"{mid:.{row.digits}f}"
    if len(data) > 1:
        text += f" [{low:.{row.digits}f}, {high:.{row.digits}f}]"
    return text


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "n/a"
    ratio = a / b
    # Two significant digits for small ratios: 0.0041x, not 0.00x.
    return f"{ratio:.2g}x" if ratio < 0.1 else f"{ratio:.2f}x"


def main_rows(sizes: Sequence[int]) -> list[Row]:
    """The rows of the main table for a run that listed ``sizes`` servers."""
    rows = [
        Row("cold import", "startup", "import_s", "ms", 1e3),
        Row("modules imported", "startup", "modules", "", 1, 0),
        Row("connect from clouds.yaml", "startup", "connect_s", "ms", 1e3, 2),
        Row("first call (list flavors)", "startup", "first_call_s", "ms", 1e3),
        Row("import + connect + first call", "startup", "startup_s", "ms", 1e3),
        Row("HTTP requests of connect + first call", "startup", "startup_requests", "", 1, 0),
        Row("caches warm: import + connect + first call", "startup_cached", "startup_s", "ms", 1e3),
        Row("caches warm: HTTP requests", "startup_cached", "startup_requests", "", 1, 0),
        Row(
            f"remote region ({REMOTE_DELAY_MS} ms an answer): import + connect + first call",
            "startup_remote",
            "startup_s",
            "ms",
            1e3,
        ),
        Row(
            "remote region, caches warm: import + connect + first call",
            "startup_remote_cached",
            "startup_s",
            "ms",
            1e3,
        ),
        Row(
            "remote region, caches warm: connect",
            "startup_remote_cached",
            "connect_s",
            "ms",
            1e3,
            2,
        ),
        Row(
            "remote region, caches warm: first call",
            "startup_remote_cached",
            "first_call_s",
            "ms",
            1e3,
        ),
        Row(
            "remote region, caches warm: HTTP requests",
            "startup_remote_cached",
            "startup_requests",
            "",
            1,
            0,
        ),
    ]
    for size in sizes:
        task = f"list_{size}"
        rows += [
            Row(f"list {size:,} servers", task, "time_s", "s", 1, 3),
            Row(f"list {size:,} servers, client CPU", task, "cpu_s", "s", 1, 3),
            Row(f"list {size:,} servers, per server", task, "per_server_us", "µs", 1, 1),
            Row(f"list {size:,} servers, peak RSS growth", task, "peak_rss_mb", "MiB", 1, 1),
        ]
    rows += [
        Row("memory of one Server object", "server_objects", "object_bytes", "bytes", 1, 0),
        Row("memory of its JSON dict", "server_objects", "dict_bytes", "bytes", 1, 0, False),
        Row("object / dict memory", "server_objects", "memory_ratio", "", 1, 3, False),
        Row("build one Server from its dict", "server_objects", "build_us", "µs", 1, 2, False),
        Row("decode one server's JSON (reference)", "server_objects", "decode_us", "µs", 1, 2),
        Row("get_server, per call (2000 calls)", "get_server", "per_call_us", "µs", 1, 0),
        Row("get_server, client CPU per call", "get_server", "cpu_per_call_us", "µs", 1, 0),
        Row("list 1,000 images (25 per page)", "list_images", "time_s", "ms", 1e3, 1),
        Row("list 1,000 images, client CPU", "list_images", "cpu_s", "ms", 1e3, 1),
        Row("list 10,000 ports (one Neutron page)", "list_ports", "time_s", "ms", 1e3, 1),
        Row("list 10,000 ports, client CPU", "list_ports", "cpu_s", "ms", 1e3, 1),
        Row("list 10,000 ports, peak RSS growth", "list_ports", "peak_rss_mb", "MiB", 1, 1),
        Row("list 10,000 users (one Keystone page)", "list_users_10000", "time_s", "ms", 1e3, 1),
        Row("list 10,000 users, client CPU", "list_users_10000", "cpu_s", "ms", 1e3, 1),
        Row("conn.compute, first access", "compute_access", "first_s", "ms", 1e3, 2),
        Row("conn.compute, second access", "compute_access", "second_us", "µs", 1, 3),
        Row(
            "local cloud in process: create, get, delete 1,000 servers",
            "local_cloud",
            "total_s",
            "s",
            1,
            3,
            False,
        ),
        Row("local cloud, client CPU of the same", "local_cloud", "cpu_s", "s", 1, 3, False),
        Row("local cloud, per call", "local_cloud", "per_call_us", "µs", 1, 0, False),
    ]
    return rows


def main_table(samples: Samples, sizes: Sequence[int]) -> str:
    """The markdown table of every metric for the three contenders, with ratios."""
    head = ["measure", *(TITLES[c] for c in CONTENDERS), "core / sdk", "core / floor"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for row in main_rows(sizes):
        cells = [row.label + (f" ({row.unit})" if row.unit else "")]
        medians = {}
        found = {c: values(samples, row.task, c, row.metric) for c in CONTENDERS}
        most = max(len(data) for data in found.values())
        for contender, data in found.items():
            # Fewer samples than the others: the slow budget stopped its repetitions.
            count = f" (n={len(data)})" if data and len(data) < most else ""
            cells.append(_format(data, row) + count)
            medians[contender] = median(data)
        if row.ratios:
            cells.append(_ratio(medians["core"], medians["sdk"]))
            cells.append(_ratio(medians["core"], medians["floor"]))
        else:
            cells += ["", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plugin_table(samples: Samples) -> str:
    """Connect + attach compute with the two shipped plugins and with 50 more."""
    row = Row("", "plugins", "connect_attach_s", "ms", 1e3, 2)
    lines = [
        "| openstack-core: connect + `conn.compute` (no HTTP), ms | 2 plugins installed "
        "| 52 plugins installed | added by 50 plugins |",
        "| --- | --- | --- | --- |",
    ]
    labels = {
        "plugins": "modules imported before the clock starts (the target's figure)",
        "plugins_cold": "everything imported inside the clock",
    }
    for task, label in labels.items():
        base = values(samples, task, "core", "connect_attach_s")
        more = values(samples, task, "core50", "connect_attach_s")
        if not base and not more:
            continue
        low, high = median(base), median(more)
        added = None if low is None or high is None else (high - low) * 1e3
        lines.append(
            f"| {label} | {_format(base, row)} | {_format(more, row)} | "
            f"{'n/a' if added is None else f'{added:+.2f}'} |"
        )
    return "\n".join(lines)


def observer_table(samples: Samples) -> str:
    """Listing 10,000 servers with and without Prometheus reporting every call."""
    lines = [
        "| openstack-core: list 10,000 servers | Prometheus off | Prometheus on | on / off |",
        "| --- | --- | --- | --- |",
    ]
    for label, metric in (("wall time (s)", "time_s"), ("client CPU (s)", "cpu_s")):
        row = Row(label, "list_10000_prometheus", metric, "s", 1, 3)
        off = values(samples, row.task, "core", metric)
        on = values(samples, row.task, "core_prom", metric)
        if not off and not on:
            continue
        lines.append(
            f"| {label} | {_format(off, row)} | {_format(on, row)} | "
            f"{_ratio(median(on), median(off))} |"
        )
    return "\n".join(lines)


def request_table(samples: Samples, tasks: Sequence[str]) -> str:
    """Requests the fake cloud answered in each timed phase (equal for all contenders
    when they page alike) and the CPU time the fake cloud spent on the run."""
    head = ["phase", *(TITLES[c] for c in CONTENDERS)]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for task in tasks:
        cells = [task]
        for contender in CONTENDERS:
            runs = samples.get(task, {}).get(contender, [])
            if not runs:
                cells.append("n/a")
                continue
            phase = runs[0]["phases"].get("timed") or {}
            count = phase.get("count", 0)
            megabytes = phase.get("bytes", 0) / 2**20
            # The fake cloud's own CPU over the whole process (setup included): small
            # against the client's time, so the server is not what is measured.
            server = runs[0].get("server_cpu_s", 0.0)
            cells.append(f"{count} requests, {megabytes:.1f} MiB, server CPU {server:.2f} s")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def pagination_equal(samples: Samples, tasks: Sequence[str]) -> dict[str, bool]:
    """For each listing, whether every contender made the same page requests."""
    result = {}
    for task in tasks:
        seen = set()
        if not samples.get(task):
            continue
        for contender in CONTENDERS:
            for run in samples.get(task, {}).get(contender, []):
                phase = run["phases"].get("timed") or {}
                seen.add((phase.get("count"), phase.get("bytes")))
        result[task] = len(seen) == 1
    return result


@dataclass(frozen=True)
class Verdict:
    """A target, the figure measured for it and whether it is met."""

    target: str
    figure: str
    met: bool | None


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale


def _check(target: str, figure: float | None, fmt: str, ok: Callable[[float], bool]) -> Verdict:
    if figure is None:
        return Verdict(target, "not measured", None)
    return Verdict(target, format(figure, fmt), ok(figure))


def verdicts(samples: Samples, sizes: Sequence[int]) -> list[Verdict]:
    """Every target of issues 7 and 19 against this run's figures."""

    def med(task: str, contender: str, metric: str) -> float | None:
        return median(values(samples, task, contender, metric))

    def ratio(task: str, metric: str, other: str) -> float | None:
        a, b = med(task, "core", metric), med(task, other, metric)
        return None if a is None or b is None or not b else a / b

    found = []
    for size in sizes:
        found.append(
            _check(
                f"list {size:,} servers at most 1.25x the floor",
                ratio(f"list_{size}", "time_s", "floor"),
                ".2f",
                lambda r: r <= 1.25,
            )
        )
    if med("list_ports", "core", "time_s") is not None:
        found.append(
            _check(
                "list 10,000 ports at most 1.25x the floor",
                ratio("list_ports", "time_s", "floor"),
                ".2f",
                lambda r: r <= 1.25,
            )
        )
    if med("list_users_10000", "core", "time_s") is not None:
        found.append(
            _check(
                "list 10,000 users at most 1.25x the floor",
                ratio("list_users_10000", "time_s", "floor"),
                ".2f",
                lambda r: r <= 1.25,
            )
        )
    if len(sizes) > 1:
        small = med(f"list_{min(sizes)}", "core", "peak_rss_mb")
        large = med(f"list_{max(sizes)}", "core", "peak_rss_mb")
        growth = None if small is None or large is None else large - small
        found.append(
            Verdict(
                f"peak memory flat in N: RSS growth listing {max(sizes):,} within 25% "
                f"(or 4 MiB) of listing {min(sizes):,}",
                "not measured"
                if growth is None
                else f"{small:.1f} -> {large:.1f} MiB ({growth:+.1f})",
                None
                if growth is None or small is None
                else (growth <= 4 or growth <= 0.25 * small),
            )
        )
    found += [
        _check(
            "memory per Server object at most 1.05x its JSON dict",
            med("server_objects", "core", "memory_ratio"),
            ".3f",
            lambda r: r <= 1.05,
        ),
        _check(
            "build time per Server object under 5 µs",
            med("server_objects", "core", "build_us"),
            ".2f",
            lambda v: v < 5,
        ),
        _check(
            "get_server at most 1.15x the floor per call",
            ratio("get_server", "per_call_us", "floor"),
            ".2f",
            lambda r: r <= 1.15,
        ),
        _check(
            "import + connect + first call at most 0.4x openstacksdk",
            ratio("startup", "startup_s", "sdk"),
            ".2f",
            lambda r: r <= 0.4,
        ),
        _check(
            "import + connect + first call at most 1.0x the floor (no cache)",
            ratio("startup", "startup_s", "floor"),
            ".2f",
            lambda r: r <= 1.0,
        ),
        _check(
            "connect from clouds.yaml at most 2 ms (ms)",
            _scaled(med("startup", "core", "connect_s"), 1e3),
            ".2f",
            lambda v: v <= 2,
        ),
        _check(
            "conn.compute first access at most 5 ms (ms)",
            _scaled(med("compute_access", "core", "first_s"), 1e3),
            ".2f",
            lambda v: v <= 5,
        ),
        _check(
            f"remote region ({REMOTE_DELAY_MS} ms an answer), caches warm: import + connect + "
            "first call at most 0.8x the floor",
            ratio("startup_remote_cached", "startup_s", "floor"),
            ".2f",
            lambda r: r <= 0.8,
        ),
        _check(
            "conn.compute second access under 5 µs",
            med("compute_access", "core", "second_us"),
            ".3f",
            lambda v: v < 5,
        ),
    ]
    # Client CPU: what observing adds is the client's own work, and the wall time of
    # this short listing is dominated by whatever else the machine runs.
    off = med("list_10000_prometheus", "core", "cpu_s")
    on = med("list_10000_prometheus", "core_prom", "cpu_s")
    found.append(
        _check(
            "list 10,000 servers with Prometheus on at most 1.10x off (client CPU)",
            None if off is None or on is None or not off else on / off,
            ".2f",
            lambda r: r <= 1.10,
        )
    )
    base = med("plugins", "core", "connect_attach_s")
    more = med("plugins", "core50", "connect_attach_s")
    found.append(
        _check(
            "50 extra plugins add under 5 ms to connect (ms)",
            None if base is None or more is None else (more - base) * 1e3,
            ".2f",
            lambda v: v < 5,
        )
    )
    leaks = plugin_import_leaks(samples)
    found.append(
        Verdict(
            "no plugin module imported before first use",
            "none imported early" if not leaks else "; ".join(leaks),
            not leaks if samples.get("startup") else None,
        )
    )
    return found


def plugin_import_leaks(samples: Samples) -> list[str]:
    """Every observation of a plugin module imported before its service was used."""
    leaks = []
    for run in samples.get("startup", {}).get("core", []):
        early = run["checks"].get("plugins_imported_after_connect", [])
        if early:
            leaks.append(f"after connect: {', '.join(early)}")
        after = run["checks"].get("plugins_imported_after_first_call", [])
        image = [m for m in after if m.split(".")[0] == "openstack_image"]
        if image:
            leaks.append(f"image plugin imported by a compute call: {', '.join(image)}")
    for run in samples.get("compute_access", {}).get("core", []):
        early = run["checks"].get("plugins_imported_before_access", [])
        if early:
            leaks.append(f"before conn.compute: {', '.join(early)}")
        after = run["checks"].get("plugins_imported_after_compute", [])
        if any(not m.startswith("openstack_compute") for m in after):
            leaks.append(f"conn.compute imported {', '.join(after)}")
    for contender in ("core", "core50"):
        for run in samples.get("plugins", {}).get(contender, []):
            dummies = run["checks"].get("dummy_modules_imported", [])
            if dummies:
                leaks.append(f"dummy plugins imported: {', '.join(dummies)}")
    return sorted(set(leaks))


def verdict_table(found: Sequence[Verdict]) -> str:
    """The targets as a markdown table."""
    lines = ["| target | this run | met |", "| --- | --- | --- |"]
    for verdict in found:
        mark = {True: "yes", False: "**no**", None: "n/a"}[verdict.met]
        lines.append(f"| {verdict.target} | {verdict.figure} | {mark} |")
    return "\n".join(lines)
