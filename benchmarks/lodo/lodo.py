#!/usr/bin/env python3
"""Leave one dataset out: for each picked dataset, a task from 3 of its rows and its card, that dataset excluded from
retrieval, the whole pipeline run on the local stack (`rebase demo`), evaluated on other rows of the dataset; ReBase
(the served model), the few-shot-only student and the majority class compared. See README.md.

Run from the repository root (benchmarks/lodo/run.sh does). Resumable: a task with a result file is skipped.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import outcome  # noqa: E402
import summary  # noqa: E402
import tasks  # noqa: E402

FULL = {"top_rows": 600, "eval_rows": 250, "epochs": 2, "max_steps": 0, "max_seq_length": 128, "cap": 1000}
SMOKE = {"top_rows": 48, "eval_rows": 40, "epochs": 1, "max_steps": 12, "max_seq_length": 64, "cap": 40}


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datastore", default=os.environ.get("SHARED", "../shared") + "/datastore",
                   help="datastore root (default $SHARED/datastore, SHARED=../shared)")
    p.add_argument("--out", default=".rebase/lodo", help="results, task files, logs and the stack's work folder; "
                   "inside the repository: the trainer reads evaluation files under it (default .rebase/lodo)")
    p.add_argument("--picks", default=str(HERE / "picks.json"), help="the datasets to leave out (default picks.json)")
    p.add_argument("--tasks", help="comma-separated subset of the picks' task names")
    p.add_argument("--seed", type=int, default=42, help="example and evaluation row choice (default 42)")
    p.add_argument("--smoke", action="store_true", help="small budget: " + json.dumps(SMOKE))
    p.add_argument("--top-rows", type=int, help=f"rows retrieved per task (default {FULL['top_rows']})")
    p.add_argument("--eval-rows", type=int, help=f"evaluation rows per task (default {FULL['eval_rows']})")
    p.add_argument("--epochs", type=int, help=f"training passes (default {FULL['epochs']})")
    p.add_argument("--max-steps", type=int, help="optimiser step bound, 0 for none (default 0)")
    p.add_argument("--max-seq-length", type=int, help=f"student sequence length (default {FULL['max_seq_length']})")
    p.add_argument("--cap", type=int, help=f"rows ingested per datastore config (default {FULL['cap']})")
    p.add_argument("--student", default="all-minilm-l6-v2", help="student model (default all-minilm-l6-v2)")
    p.add_argument("--tie-band", type=float, default=0.01, help="|served - few-shot| within this is a tie (default 0.01)")
    p.add_argument("--timeout", default="PT90M", help="per task, ISO-8601 (default PT90M)")
    p.add_argument("--env", action="append", default=[], help="extra KEY=VALUE for the services (repeatable)")
    p.add_argument("--report-only", action="store_true", help="only rewrite the table, summary and plot")
    p.add_argument("--list", action="store_true", help="print the picks and the tasks built from them, run nothing")
    return p.parse_args(argv)


def settings(args) -> dict:
    base = SMOKE if args.smoke else FULL
    chosen = {k: getattr(args, k) if getattr(args, k) is not None else v for k, v in base.items()}
    chosen["student"] = args.student
    return chosen


def select_picks(args) -> list:
    picks = json.loads(Path(args.picks).read_text(encoding="utf-8"))
    if not args.tasks:
        return picks
    wanted = [t.strip() for t in args.tasks.split(",") if t.strip()]
    known = {p["task"] for p in picks}
    unknown = [t for t in wanted if t not in known]
    if unknown:
        sys.exit(f"--tasks: unknown task(s) {unknown}; the picks are {sorted(known)}")
    return [p for p in picks if p["task"] in wanted]


def run_task(pick, built, paths, cfg, args, log):
    """Runs the task through `rebase demo` on the shared stack folder; returns the trainer's report (dict)."""
    task_id = f"lodo-{pick['task']}-{datetime.now(timezone.utc).strftime('%Y%m%d%H%M%S')}"
    request = dict(built.request, taskId=task_id)
    task_file = paths["tasks"] / f"{pick['task']}.task.json"
    task_file.write_text(json.dumps(request, indent=2), encoding="utf-8")
    command = ["java", "-jar", "rebase-cli/target/rebase-cli.jar", "demo", "--keep-data",
               "--work-dir", str(paths["stack"]), "--datastore", args.datastore, "--task", str(task_file),
               "--timeout", args.timeout, "--env", f"REBASE_RETRIEVER_MAX_ROWS_PER_CONFIG={cfg['cap']}"]
    for extra in args.env:
        command += ["--env", extra]
    with log.open("w", encoding="utf-8") as out:
        out.write(" ".join(command) + "\n")
        out.flush()
        code = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT).returncode
    report_file = paths["stack"] / "trainer" / task_id / "report.json"
    if code != 0 or not report_file.is_file():
        raise RuntimeError(f"rebase demo exited {code}" + ("" if report_file.is_file() else ", no report")
                           + f"; see {log}")
    return task_id, json.loads(report_file.read_text(encoding="utf-8"))


def measure(pick, paths, cfg, args, budget):
    eval_file = paths["tasks"] / f"{pick['task']}.eval.jsonl"
    built = tasks.build(Path(args.datastore), pick, args.seed, budget, str(eval_file.relative_to(Path.cwd())))
    with eval_file.open("w", encoding="utf-8") as f:
        for row in built.eval_rows:
            f.write(json.dumps(row) + "\n")
    start = time.time()
    task_id, report = run_task(pick, built, paths, cfg, args, paths["logs"] / f"{pick['task']}.log")
    result = {
        "task": pick["task"], "dataset": pick["dataset"], "config": pick.get("config", "default"),
        "kind": built.kind, "fields": built.fields, "taskId": task_id, "evalRows": len(built.eval_rows),
        "evalLabels": built.label_counts, "majorityLabel": built.majority_label,
        "majorityAccuracy": built.majority_accuracy, "seconds": round(time.time() - start, 1),
        "budget": cfg, "seed": args.seed, "measuredAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    result.update(outcome.read(report))
    log = paths["logs"] / f"{pick['task']}.log"
    result["pipelineSeconds"] = pipeline_seconds(log)
    result["cliWarnings"] = cli_warnings(log)
    return result


def cli_warnings(log: Path) -> list:
    """The CLI's warning lines (e.g. the datastore has nothing for the task, the served model predicts one class)."""
    return [line.strip() for line in log.read_text(encoding="utf-8").splitlines()
            if re.search(r"\bwarn(ing)?\b|collaps", line, re.IGNORECASE)][:20]


def pipeline_seconds(log: Path):
    """The task's own time as the CLI summary gives it (submit to COMPLETED; stack start and ingest excluded)."""
    m = re.search(r"^== Task .*: \w+ after (?:(\d+)m)?(\d+)s ==$", log.read_text(encoding="utf-8"), re.MULTILINE)
    return None if m is None else int(m.group(1) or 0) * 60 + int(m.group(2))


def progress(i, n, pick, text):
    print(f"[{i}/{n}] {pick['task']}: {text}", flush=True)


def main(argv):
    args = parse_args(argv)
    cfg = settings(args)
    budget = tasks.Budget(cfg["top_rows"], cfg["eval_rows"], cfg["epochs"], cfg["max_steps"],
                          cfg["max_seq_length"], cfg["student"])
    out = Path(args.out).resolve()
    if not out.is_relative_to(Path.cwd()):
        sys.exit(f"--out {out} must be inside the repository ({Path.cwd()}): the trainer reads evaluation files there")
    paths = {"results": out / "results", "tasks": out / "tasks", "logs": out / "logs", "stack": out / f"stack-cap{cfg['cap']}"}
    picks = select_picks(args)
    if args.list:
        for pick in picks:
            built = tasks.build(Path(args.datastore), pick, args.seed, budget, "-")
            print(f"{pick['task']}: {built.kind} on {built.fields}, majority {built.majority_accuracy:.3f}; "
                  f"{built.request['instruction']}")
        return 0
    for p in ("results", "tasks", "logs"):
        paths[p].mkdir(parents=True, exist_ok=True)
    if not args.report_only:
        if not Path("rebase-cli/target/rebase-cli.jar").is_file():
            sys.exit("rebase-cli/target/rebase-cli.jar is missing: run benchmarks/lodo/run.sh (it builds) or "
                     "./mvnw -B -q package -DskipTests first")
        for i, pick in enumerate(picks, 1):
            run_one(i, len(picks), pick, paths, cfg, args, budget)
    results, failed = collect(picks, paths)
    run = {"budget": cfg, "seed": args.seed, "datastore": args.datastore, "cap": cfg["cap"]}
    s = summary.write(out, results, failed, run, args.tie_band)
    plot(out)
    print(f"served vs few-shot: {s['servedVsFewShot']}")
    print(f"results: {out}/lodo-results.md, lodo-results.json, lodo-served-vs-fewshot.png")
    return 0 if not failed else 1


def run_one(i, n, pick, paths, cfg, args, budget):
    """Measures one task unless its result exists (then it must have this budget and seed); a failure is recorded."""
    done = paths["results"] / f"{pick['task']}.json"
    failed = paths["results"] / f"{pick['task']}.failed.json"
    if done.is_file():
        earlier = json.loads(done.read_text(encoding="utf-8"))
        if earlier.get("budget") != cfg or earlier.get("seed") != args.seed:
            sys.exit(f"{done} was measured with budget {earlier.get('budget')} seed {earlier.get('seed')}, not "
                     f"{cfg} seed {args.seed}: use another --out, or delete it to measure again")
        progress(i, n, pick, "skipped (already measured)")
        return
    progress(i, n, pick, "running...")
    try:
        r = measure(pick, paths, cfg, args, budget)
    except (tasks.TaskBuildError, RuntimeError) as e:
        failed.write_text(json.dumps({"task": pick["task"], "reason": str(e)}), encoding="utf-8")
        progress(i, n, pick, f"FAILED: {e}")
        return
    failed.unlink(missing_ok=True)
    done.write_text(json.dumps(r, indent=2), encoding="utf-8")
    progress(i, n, pick, f"served {r['served']} {r['servedAccuracy']}, few-shot {r['fewShotAccuracy']}, "
             f"majority {r['majorityAccuracy']:.3f}, ReBase {r['rebaseAccuracy']}; {r['seconds'] / 60:.1f} min")


def collect(picks, paths):
    """The results and failures recorded for the picks, in the picks' order."""
    def load(name):
        f = paths["results"] / name
        return json.loads(f.read_text(encoding="utf-8")) if f.is_file() else None

    results = [r for r in (load(f"{p['task']}.json") for p in picks) if r]
    failed = [f for f in (load(f"{p['task']}.failed.json") for p in picks) if f]
    for r in results:  # results measured before the task's own time was recorded
        log = paths["logs"] / f"{r['task']}.log"
        if r.get("pipelineSeconds") is None and log.is_file():
            r["pipelineSeconds"] = pipeline_seconds(log)
    return results, failed


def plot(out: Path):
    tsv = out / "lodo-plot.tsv"
    if not tsv.is_file() or not tsv.read_text(encoding="utf-8").strip():
        return
    subprocess.run(["java", "-Djava.awt.headless=true", str(HERE / "PlotLodo.java"), str(tsv),
                    str(out / "lodo-served-vs-fewshot.png")], check=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
