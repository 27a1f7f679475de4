#!/usr/bin/env python3
"""Runs every scheduling sample through `blossom schedule` and the independent
checker `check.py`, and prints the table of docs/scheduling.md.

usage: scripts/scheduling-table.py [--shared ../shared] [--seeds 1,2,3]

Build first: cargo build --release. For each sample: dates, the optimum from
samples/REFERENCE.md, their ratio, people left out (and the fewest possible),
table changes per mover date, planning time (the median over the seeds, measured
by `blossom schedule` itself), whether check.py found any violation, and what a
paper Mitchell movement gets. Unseen instances from `blossom generate` follow.
"""
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOSSOM = ROOT / "target" / "release" / "blossom"


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def reference(shared):
    """sample -> (optimum, fewest left out), from REFERENCE.md's table."""
    out = {}
    for line in (shared / "samples" / "REFERENCE.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) > 5 and cells[0].endswith(".json"):
            fewest = re.match(r"(\d+)", cells[5])
            out[cells[0]] = (int(cells[3]), int(fewest.group(1)) if fewest else None)
    return out


def run(instance, extra, tmp):
    out = Path(tmp) / "schedule.json"
    with open(out, "w") as f:
        proc = subprocess.run([str(BLOSSOM), "schedule", str(instance), *extra], stdout=f, stderr=subprocess.PIPE, text=True, check=True)
    figures = dict(kv.split("=") for kv in proc.stderr.split())
    return out, float(figures["time_ms"])


def checked(shared, instance, schedule):
    proc = subprocess.run([sys.executable, str(shared / "check.py"), str(instance), str(schedule), "--json"], capture_output=True, text=True)
    return json.loads(proc.stdout)


def row(shared, name, instance, seeds, ref, tmp):
    results = []
    for seed in seeds:
        sched, ms = run(instance, ["--seed", str(seed)], tmp)
        results.append((checked(shared, instance, sched), ms))
    mitchell, _ = run(instance, ["--mitchell"], tmp)
    m = checked(shared, instance, mitchell)
    c, _ = results[0]
    dates = [r["dates"] for r, _ in results]
    left = [r["left_out"] for r, _ in results]
    ratio = [r["mover_table_changes"] / max(1, r["mover_dates"]) for r, _ in results]
    changes = [f'{r["mover_table_changes"]}/{r["mover_dates"]}' for r, _ in results]
    valid = all(not r["errors"] for r, _ in results)
    optimum, fewest = ref if ref else (None, None)
    fmt_range = lambda xs, f="{}": f.format(min(xs)) if min(xs) == max(xs) else f"{f.format(min(xs))}–{f.format(max(xs))}"
    return "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
        name,
        c["participants"],
        fmt_range(dates),
        optimum if optimum else "—",
        fmt_range([d / optimum for d in dates], "{:.1%}") if optimum else "—",
        fmt_range(left) + (f" ({fewest})" if fewest is not None else ""),
        fmt_range(ratio, "{:.0%}") + f" ({changes[0]})",
        f"{statistics.median(ms for _, ms in results):.1f} ms",
        "none" if valid else "VIOLATIONS",
        f"{m['dates']} dates, {m['left_out']} left out" + ("" if not m["errors"] else ", INVALID"),
    )


def main():
    shared = Path(arg("--shared", str(ROOT.parent / "shared"))) / "scheduling"
    seeds = [int(s) for s in arg("--seeds", "1,2,3,4,5").split(",")]
    if not BLOSSOM.exists():
        sys.exit("build first: cargo build --release")
    refs = reference(shared)
    print("| instance | people | dates | optimum | ratio | left out (fewest) | mover changes per mover date (seed 1: changes/dates) | time | check.py violations | paper Mitchell |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for sample in sorted((shared / "samples").glob("*.json")):
            print(row(shared, sample.name, sample, seeds, refs.get(sample.name), tmp))
        for n, rounds, seed, mixed in [(60, 8, 101, True), (200, 10, 102, True), (300, 12, 103, False), (1000, 12, 104, False)]:
            inst = Path(tmp) / f"generated-{n}.json"
            args = ["generate", "--participants", str(n), "--rounds", str(rounds), "--seed", str(seed)] + (["--mixed"] if mixed else [])
            inst.write_text(subprocess.run([str(BLOSSOM), *args], capture_output=True, text=True, check=True).stdout)
            print(row(shared, f"generated {n}×{rounds}{' mixed' if mixed else ''} (seed {seed})", inst, seeds, None, tmp))


if __name__ == "__main__":
    main()
