"""The per-task table and the summary of a leave-one-dataset-out run, as markdown and JSON, and the plot's data."""
import json
import statistics
from pathlib import Path


def _pt(x):
    return "-" if x is None else f"{x:.3f}"


def _signed(x):
    return "-" if x is None else f"{100 * x:+.1f}"


def _notes(r):
    notes = []
    if (r.get("counts") or {}).get("examples") == 0:
        notes.append("nothing kept")
    if r.get("warnings") or r.get("cliWarnings"):
        notes.append("warned")
    return f" ({', '.join(notes)})" if notes else ""


def _minutes(seconds):
    return "-" if seconds is None else f"{seconds / 60:.1f}"


def compare(results: list, a: str, b: str, band: float) -> dict:
    """Wins / ties / losses of field a against field b (a tie: within band), mean and worst difference."""
    pairs = [(r["task"], r[a], r[b]) for r in results if r.get(a) is not None and r.get(b) is not None]
    gains = [x - y for _, x, y in pairs]
    out = {
        "tasks": len(pairs),
        "wins": sum(g > band for g in gains),
        "ties": sum(abs(g) <= band for g in gains),
        "losses": sum(g < -band for g in gains),
        "meanGain": statistics.fmean(gains) if gains else None,
    }
    if gains:
        worst = min(range(len(gains)), key=gains.__getitem__)
        out["worst"] = {"task": pairs[worst][0], "gain": gains[worst]}
    return out


def summarise(results: list, band: float) -> dict:
    served = compare(results, "servedAccuracy", "fewShotAccuracy", band)
    return {
        "tieBand": band,
        "servedVsFewShot": served,
        "servedVsMajority": compare(results, "servedAccuracy", "majorityAccuracy", band),
        "rebaseVsFewShot": compare(results, "rebaseAccuracy", "fewShotAccuracy", band),
        "neverWorseThanFewShot": served["tasks"] > 0 and served["losses"] == 0,
        "servedReportedByTrainer": sum(r.get("servedSource", "").startswith("reported") for r in results),
        "servedByFallback": sum(r.get("servedSource", "").startswith("fallback") for r in results),
    }


def _line(name, c):
    if not c["tasks"]:
        return f"- {name}: no task measured"
    worst = c.get("worst")
    return (f"- {name}: **{c['wins']} wins, {c['ties']} ties, {c['losses']} losses** over {c['tasks']} tasks; "
            f"mean gain **{_signed(c['meanGain'])} points**; worst {worst['task']} {_signed(worst['gain'])}")


def markdown(results: list, summary: dict, failed: list, run: dict) -> str:
    band = summary["tieBand"]
    lines = [
        "| task | dataset | type | eval rows | majority | few-shot | served (which) | ReBase | served - few-shot | "
        "retrieved / kept / rejected | minutes: all (task) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        c = r.get("counts") or {}
        gain = None if r.get("servedAccuracy") is None or r.get("fewShotAccuracy") is None \
            else r["servedAccuracy"] - r["fewShotAccuracy"]
        lines.append(
            f"| {r['task']}{_notes(r)} | {r['dataset']}/{r['config']} | {r['kind']} | {r['evalRows']} | {_pt(r['majorityAccuracy'])} "
            f"| {_pt(r.get('fewShotAccuracy'))} | {_pt(r.get('servedAccuracy'))} ({r.get('served')}) "
            f"| {_pt(r.get('rebaseAccuracy'))} | {_signed(gain)} "
            f"| {c.get('retrieved', '-')} / {c.get('examples', '-')} / {c.get('rejected', '-')} "
            f"| {r.get('seconds', 0) / 60:.1f} ({_minutes(r.get('pipelineSeconds'))}) |")
    if any(r.get("warnings") or r.get("cliWarnings") for r in results):
        lines += ["", "(warned): the trainer's report or the CLI warned about the task; the warnings are in the JSON."]
    if any((r.get("counts") or {}).get("examples") == 0 for r in results):
        lines += ["", "(nothing kept): every retrieved row was rejected; both students learned from the examples alone."]
    lines += ["", f"Summary (tie band {100 * band:.0f} point):",
              _line("served vs few-shot", summary["servedVsFewShot"]),
              _line("served vs majority class", summary["servedVsMajority"]),
              _line("ReBase student vs few-shot", summary["rebaseVsFewShot"])]
    if summary["servedByFallback"]:
        lines.append(f"- served model: the trainer reported none on {summary['servedByFallback']} task(s); there the "
                     "ReBase student (the trainer's served checkpoint, metrics.student) is counted as served")
    if failed:
        lines.append("- not measured: " + "; ".join(f"{f['task']} ({f['reason']})" for f in failed))
    lines += ["", f"Budget: {json.dumps(run['budget'])}; seed {run['seed']}; datastore {run['datastore']} "
                  f"(ingest cap {run['cap']} rows per config)."]
    return "\n".join(lines) + "\n"


def write(out: Path, results: list, failed: list, run: dict, band: float) -> dict:
    """Writes lodo-results.{md,json} and lodo-plot.tsv under out; returns the summary."""
    summary = summarise(results, band)
    (out / "lodo-results.json").write_text(json.dumps(
        {"run": run, "summary": summary, "tasks": results, "failed": failed}, indent=2), encoding="utf-8")
    (out / "lodo-results.md").write_text(markdown(results, summary, failed, run), encoding="utf-8")
    with (out / "lodo-plot.tsv").open("w", encoding="utf-8") as f:
        for r in results:
            if r.get("servedAccuracy") is not None and r.get("fewShotAccuracy") is not None:
                f.write(f"{r['task']}\t{r['majorityAccuracy']}\t{r['fewShotAccuracy']}\t{r['servedAccuracy']}\n")
    return summary
