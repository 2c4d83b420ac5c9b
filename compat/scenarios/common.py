"""Shared by the scenario scripts: each section's outcome (values read, or the error raised) is
written as JSON to the file COMPAT_OUT names, for the Node side to check."""
import contextlib
import json
import math
import os
import time
import traceback

results = {}


def plain(value):
    """JSON without NaN/Infinity literals, which JavaScript's JSON.parse rejects."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def save():
    path = os.environ["COMPAT_OUT"]
    with open(path + ".tmp", "w") as f:
        json.dump(plain(results), f)
    os.replace(path + ".tmp", path)


@contextlib.contextmanager
def section(name):
    """Records what the block puts in the yielded dict, or the exception that ended it."""
    out = {}
    results[name] = out
    try:
        yield out
    except BaseException as e:  # noqa: B036 - SystemExit from the client counts as a failure too
        out["error"] = f"{type(e).__name__}: {e}"
        out["trace"] = traceback.format_exc()[-3000:]
    finally:
        save()


def api():
    import wandb

    return wandb.Api(timeout=30)


def _start_service():
    """wandb 0.16 writes its local service's port file before the service listens (listen() runs in
    a thread started just before), so on a loaded machine the first wandb.init can connect too early
    and fail. Start the service here, before any section and before anything reaches the server, and
    retry only that failure."""
    import wandb

    if not wandb.__version__.startswith("0.16."):
        return
    for attempt in range(3):
        try:
            wandb.setup()
            return
        except Exception as e:  # noqa: BLE001 - only the connection race is retried
            if "Connection to wandb service failed" not in str(e) or attempt == 2:
                raise
            time.sleep(1)


_start_service()
