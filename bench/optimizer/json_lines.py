"""The loop of every Python participant of the benchmarks: one JSON answer line per request line."""
import json
import os
import sys


def serve(handle):
    """Answers each JSON line on stdin with handle(request). Libraries print to stdout (HEBO does):
    the answers go to a copy of it, everything else to stderr."""
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    for line in sys.stdin:
        answers.write(json.dumps(handle(json.loads(line))) + "\n")
        answers.flush()
