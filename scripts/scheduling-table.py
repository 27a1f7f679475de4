#!/usr/bin/env python3
"""Runs every scheduling sample through `blossom schedule` and the independent
checker `check.py`, and prints the table of docs/scheduling.md.

usage: scripts/scheduling-table.py [--shared ../shared] [--seeds 1,2,3 | --seeds 1-30] [--means]

Build first: cargo build --release. For each sample: dates, the optimum from
samples/REFERENCE.md, their ratio, people left out (and the fewest possible),
table changes per mover date, planning time (`blossom schedule` as a whole process,
the best of three runs of seed 1), whether check.py found any violation, and what a
paper Mitchell movement gets. Then one generated evening of each kind the planner
has never seen (`blossom generate --kind`), with the optimum proven by
`../shared/scheduling/reference/mip.py` (see KINDS for how each was found).

With --means, instead of the table: for each instance, the range of dates over the
seeds and the movers' table changes per mover date (mean, and range), as
`blossom schedule` counts them (the count check.py makes); docs/scheduling.md's
means over seeds 1-30 come from `--seeds 1-30 --means`.
"""
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
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


# One evening of each kind: (label, participants, rounds, seed, kind, optimum,
# fewest left out, how they are known). Proven with HiGHS (mip.py, and mip.py
# --fair for the fewest left out) on this machine, 2026-12-05.
KINDS = [
    ("24 guests, 8 rounds", 24, 8, 201, "standard", 29, 0, "proven"),
    ("40 guests, 8 rounds", 40, 8, 202, "standard", 107, 0, "proven"),
    ("60 guests, mixed orientations", 60, 8, 203, "mixed", 132, 3, "proven"),
    ("60 guests, many late arrivals", 60, 8, 207, "late", 151, 2, "proven"),
    ("100 guests, 12 rounds, dense", 100, 12, 204, "dense", 361, 4, "proven"),
    ("150 guests, few tables", 150, 10, 205, "few-tables", 500, 2, "proven"),
    # HiGHS found 1641 and bounded the optimum at 1648 in 40 minutes; the ratio is
    # taken against the bound. Fewest left out: 1 found, not proven.
    ("300 guests, 12 rounds", 300, 12, 206, "standard", 1648, 1, "bound"),
    # The LP bound (opt.py). The 8 left out are the 8 quiet wheelchair users: no
    # table is both accessible and quiet, so nobody can seat them (the fewest).
    ("1,000 guests, 12 rounds", 1000, 12, 208, "standard", 5320, 8, "LP bound"),
]


def generated(tmp, n, rounds, seed, kind):
    """The evening `blossom generate` makes for these, written into `tmp`."""
    inst = Path(tmp) / f"generated-{kind}-{n}.json"
    args = ["generate", "--participants", str(n), "--rounds", str(rounds), "--seed", str(seed), "--kind", kind]
    inst.write_text(subprocess.run([str(BLOSSOM), *args], capture_output=True, text=True, check=True).stdout)
    return inst


def wall_ms(instance, tmp):
    """`blossom schedule` as a whole process, best of three, in milliseconds."""
    best = None
    for _ in range(3):
        start = time.perf_counter()
        with open(Path(tmp) / "timed.json", "w") as f:
            subprocess.run([str(BLOSSOM), "schedule", str(instance)], stdout=f, stderr=subprocess.DEVNULL, check=True)
        ms = (time.perf_counter() - start) * 1000
        best = ms if best is None else min(best, ms)
    return best


def run(instance, extra, tmp):
    out = Path(tmp) / "schedule.json"
    with open(out, "w") as f:
        proc = subprocess.run([str(BLOSSOM), "schedule", str(instance), *extra], stdout=f, stderr=subprocess.PIPE, text=True, check=True)
    figures = dict(kv.split("=") for kv in proc.stderr.split())
    return out, float(figures["time_ms"])


def checked(shared, instance, schedule):
    proc = subprocess.run([sys.executable, str(shared / "check.py"), str(instance), str(schedule), "--json"], capture_output=True, text=True)
    return json.loads(proc.stdout)


def row(shared, name, instance, seeds, ref, tmp, note=""):
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
    fmt_range = lambda xs, f="{}": f.format(min(xs)) if f.format(min(xs)) == f.format(max(xs)) else f"{f.format(min(xs))}–{f.format(max(xs))}"
    return "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
        name,
        c["participants"],
        fmt_range(dates),
        optimum if optimum else "—",
        (fmt_range([d / optimum for d in dates], "{:.1%}") + note) if optimum else "—",
        fmt_range(left) + (f" ({fewest})" if fewest is not None else ""),
        fmt_range(ratio, "{:.0%}") + f" ({changes[0]})",
        f"{wall_ms(instance, tmp):.0f} ms",
        "none" if valid else "VIOLATIONS",
        f"{m['dates']} dates, {m['left_out']} left out" + ("" if not m["errors"] else ", INVALID"),
    )


def means(name, instance, seeds, tmp):
    """One line: dates over the seeds, and movers' changes per mover date."""
    dates, shares = [], []
    for seed in seeds:
        proc = subprocess.run([str(BLOSSOM), "schedule", str(instance), "--seed", str(seed)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        f = dict(kv.split("=") for kv in proc.stderr.split())
        dates.append(int(f["dates"]))
        shares.append(int(f["mover_table_changes"]) / max(1, int(f["mover_dates"])))
    return f"{name}: dates {min(dates)}–{max(dates)}, movers' changes {statistics.mean(shares):.1%} (mean), {min(shares):.1%}–{max(shares):.1%}"


def parse_seeds(text):
    if "-" in text:
        lo, hi = text.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(s) for s in text.split(",")]


def main():
    shared = Path(arg("--shared", str(ROOT.parent / "shared"))) / "scheduling"
    seeds = parse_seeds(arg("--seeds", "1,2,3,4,5"))
    if "--means" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            for sample in sorted((shared / "samples").glob("*.json")):
                print(means(sample.name, sample, seeds, tmp), flush=True)
            for label, n, rounds, seed, kind, *_ in KINDS:
                inst = generated(tmp, n, rounds, seed, kind)
                print(means(f"{label} (`--kind {kind}`, seed {seed})", inst, seeds, tmp), flush=True)
        return
    if not BLOSSOM.exists():
        sys.exit("build first: cargo build --release")
    refs = reference(shared)
    print("| instance | people | dates | optimum | ratio | left out (fewest) | mover changes per mover date (seed 1: changes/dates) | time | check.py violations | paper Mitchell |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for sample in sorted((shared / "samples").glob("*.json")):
            print(row(shared, sample.name, sample, seeds, refs.get(sample.name), tmp))
        for label, n, rounds, seed, kind, optimum, fewest, known in KINDS:
            inst = generated(tmp, n, rounds, seed, kind)
            note = "" if known == "proven" else f" of the {known}"
            print(row(shared, f"{label} (`--kind {kind}`, seed {seed})", inst, seeds, (optimum, fewest), tmp, note))


if __name__ == "__main__":
    main()
