#!/usr/bin/env python3
"""The fewest table changes any seating of a given schedule can have (CP-SAT).

usage: scripts/seatopt.py INSTANCE SCHEDULE [SECONDS]

Keeps who dates whom in which round exactly as SCHEDULE has it, and asks only
where each date sits: a table that meets its needs (accessible for a wheelchair
user, quiet for a quiet guest), one date a table a round. It minimises the table
changes of people who move with difficulty, counted as `check.py` counts them
(between consecutive dates), and prints the schedule's own count, the best found,
and the proven bound. Needs `pip install ortools`. docs/scheduling.md (bar 4) uses
it on the generated kinds' seed-1 schedules, 60 seconds each.
"""
import json
import sys

from ortools.sat.python import cp_model

MOVERS = {"wheelchair", "limited", "guided"}


def main():
    inst = json.load(open(sys.argv[1]))
    sch = json.load(open(sys.argv[2]))
    limit = float(sys.argv[3]) if len(sys.argv) > 3 else 60
    people = {p["id"]: p for p in inst["participants"]}
    tables = inst["tables"]
    index = {t["id"]: i for i, t in enumerate(tables)}
    model = cp_model.CpModel()
    at = {}  # (date, table) -> bool
    dates = []
    seq = {}  # mover -> their dates in round order
    for rd in sorted(sch["rounds"], key=lambda r: r["round"]):
        per_table = {}
        for d in rd["dates"]:
            a, b = people[d["a"]], people[d["b"]]
            accessible = "wheelchair" in (a.get("mobility"), b.get("mobility"))
            quiet = a.get("quiet") or b.get("quiet")
            i = len(dates)
            dates.append(d)
            fitting = [t for t, tb in enumerate(tables) if (not accessible or tb["accessible"]) and (not quiet or tb["quiet"])]
            for t in fitting:
                at[i, t] = model.NewBoolVar("")
                per_table.setdefault(t, []).append(at[i, t])
            model.AddExactlyOne(at[i, t] for t in fitting)
            for v in (d["a"], d["b"]):
                if people[v].get("mobility", "none") in MOVERS:
                    seq.setdefault(v, []).append(i)
        for vs in per_table.values():
            model.AddAtMostOne(vs)
    changes = []
    mover_dates = now = 0
    for ds in seq.values():
        mover_dates += len(ds)
        now += sum(1 for i, j in zip(ds, ds[1:]) if dates[i]["table"] != dates[j]["table"])
        for i, j in zip(ds, ds[1:]):
            change = model.NewBoolVar("")
            for t in range(len(tables)):
                if (i, t) in at:
                    if (j, t) in at:
                        model.AddBoolOr([at[i, t].Not(), at[j, t], change])
                    else:
                        model.AddImplication(at[i, t], change)
            changes.append(change)
    for (i, t), var in at.items():
        model.AddHint(var, t == index[dates[i]["table"]])
    model.Minimize(sum(changes))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = 2
    status = solver.Solve(model)
    best = solver.ObjectiveValue()
    print(
        f"mover_dates={mover_dates} schedule={now} ({100 * now / max(mover_dates, 1):.1f}%) "
        f"best={best:.0f} ({100 * best / max(mover_dates, 1):.1f}%) "
        f"bound={solver.BestObjectiveBound():.0f} status={solver.StatusName(status)}"
    )


if __name__ == "__main__":
    main()
