#!/usr/bin/env python3
"""Stage times of one quality-run pipeline task (ingest excluded), from the services' logs and the trainer's report.

    stages.py STACK_DIR TASK_ID OUT.json

- submitted: the trainer's "spec received" log line (the task request reached the services);
- retrieval: the retriever's "N rows selected ... in T ms" line (T, and its per-phase split when logged at DEBUG);
- transformation: from the end of retrieval to the trainer's "stream complete" line (every retrieved row turned
  into an example or a rejection; the stream trainer trains alongside, so this is the streaming pipeline's time);
- pipelineTraining: the report's trainingSeconds (the stream trainer; the quality runs cap it at 1 step and train
  offline instead, see runs.*.trainSeconds in QualityRun's JSON);
- task: submitted -> the trainer's "completed" line.
"""
import json
import re
import sys
from datetime import datetime
from pathlib import Path

STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})")


def last_line(log: Path, *needles):
    found = None
    if log.exists():
        for line in log.read_text(errors="replace").splitlines():
            if all(n in line for n in needles):
                found = line
    return found


def stamp(line):
    m = STAMP.match(line) if line else None
    return datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f") if m else None


def seconds(a, b):
    return round((b - a).total_seconds(), 1) if a and b else None


def main(stack, task, out):
    logs = Path(stack) / "logs"
    trainer_log, retriever_log = logs / "trainer-service.log", logs / "retriever-service.log"
    submitted = stamp(last_line(trainer_log, f"task {task}: spec received"))
    selected = last_line(retriever_log, f"task {task}:", "rows selected")
    retrieval_end = stamp(selected)
    m = re.search(r"in (\d+) ms", selected or "")
    phases_line = last_line(retriever_log, f"task {task} phases (ms):")
    phases = dict((k.strip(), int(v)) for k, v in re.findall(r"([a-z+ ]+) (\d+)", phases_line.split("(ms):", 1)[1])) \
        if phases_line else None
    stream_complete = stamp(last_line(trainer_log, f"task {task}: stream complete"))
    completed = stamp(last_line(trainer_log, f"task {task}: completed"))
    report_file = Path(stack) / "trainer" / task / "report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() else {}
    result = {
        "taskId": task,
        "retrievalSeconds": int(m.group(1)) / 1000 if m else None,
        "retrievalPhasesMs": phases,
        "submittedToRetrievedSeconds": seconds(submitted, retrieval_end),
        "transformationSeconds": seconds(retrieval_end, stream_complete),
        "pipelineTrainingSeconds": report.get("timings", {}).get("trainingSeconds"),
        "taskSeconds": seconds(submitted, completed),
        "counts": report.get("counts"),
    }
    Path(out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:4])
