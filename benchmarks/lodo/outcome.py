"""Reads what the trainer reported for a finished task: the served model, each candidate's score, the counts.

The trainer's report.json holds the served (best) checkpoint's metrics under metrics.student and the few-shot
baseline's under metrics.fewShotBaseline. A trainer that chooses the served model among candidates on validation
data reports it as well (a `served` name and a `candidates` map or list, at the top level or under `metrics` or
`selection`); when those fields are absent the ReBase student is the served model, and the result says so.
"""

PRIMARY = "accuracy"


def _score(value):
    """A candidate's accuracy from a number, or from a dict of metrics (accuracy / score / metrics.accuracy)."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        for key in (PRIMARY, "score", "value"):
            if isinstance(value.get(key), (int, float)):
                return float(value[key])
        if isinstance(value.get("metrics"), dict):
            return _score(value["metrics"])
    return None


def _name(value):
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("name", "candidate", "model", "kind"):
            if isinstance(value.get(key), str):
                return value[key]
    return None


def candidates_of(report: dict) -> dict:
    """{candidate name: accuracy}: the trainer's served-model choice (`served.scores`), else the first `candidates`
    field found, {} when the trainer reports none."""
    choice = report.get("served")
    if isinstance(choice, dict) and isinstance(choice.get("scores"), dict):
        return {k: v for k, v in choice["scores"].items() if isinstance(v, (int, float))}
    for holder in (report, report.get("metrics") or {}, report.get("selection") or {}):
        raw = holder.get("candidates") if isinstance(holder, dict) else None
        if isinstance(raw, dict):
            return {k: s for k, s in ((k, _score(v)) for k, v in raw.items()) if s is not None}
        if isinstance(raw, list):
            out = {}
            for item in raw:
                name, score = _name(item), _score(item)
                if name is not None and score is not None:
                    out[name] = score
            return out
    return {}


def served_of(report: dict):
    """(name, accuracy or None, why) of the served model as reported, or None when the trainer does not say."""
    for holder in (report, report.get("metrics") or {}, report.get("selection") or {}):
        raw = holder.get("served") if isinstance(holder, dict) else None
        if raw is None:
            continue
        why = holder.get("servedReason") or holder.get("reason") if isinstance(holder, dict) else None
        if isinstance(raw, dict) and isinstance(raw.get("served"), str):  # the trainer's choice: served, scores, reason
            name = raw["served"]
            return name, (raw.get("scores") or {}).get(name), raw.get("reason")
        if isinstance(raw, dict):
            return _name(raw), _score(raw), raw.get("reason") or raw.get("why") or why
        return _name(raw), None, why
    return None


def read(report: dict) -> dict:
    """The figures of one task: served / rebase / few-shot accuracy, where the served one comes from, the counts."""
    metrics = report.get("metrics") or {}
    rebase = _score(metrics.get("student") or {})
    few_shot = _score(metrics.get("fewShotBaseline") or {})
    candidates = candidates_of(report)
    served = served_of(report)
    if served is not None:
        name, score, why = served
        if score is None and name in candidates:
            score = candidates[name]
        source = "reported by the trainer"
    else:
        name, score, why = "rebase", rebase, None
        source = "fallback: the trainer reports no served model, so the ReBase student (metrics.student) is taken"
    if few_shot is None:
        few_shot = next((s for n, s in candidates.items() if "few" in n.lower()), None)
    if score is None and name:  # a served name without a score: the metrics of the model it names
        score = few_shot if "few" in name.lower() else rebase if name.lower() == "rebase" else None
    counts = report.get("counts") or {}
    return {
        "served": name,
        "servedAccuracy": score,
        "servedSource": source,
        "servedReason": why,
        "candidates": candidates,
        "rebaseAccuracy": rebase,
        "fewShotAccuracy": few_shot,
        "rebaseMetrics": metrics.get("student"),
        "fewShotMetrics": metrics.get("fewShotBaseline"),
        "bestStep": metrics.get("bestStep"),
        "steps": report.get("steps"),
        "status": report.get("status"),
        "counts": counts,
        "datasetMix": report.get("datasetMix"),
        "warnings": report.get("warnings"),
        "trainingSeconds": (report.get("timings") or {}).get("trainingSeconds"),
    }
