"""The Python clients' side of bench/ingest: MLflow's client against an MLflow tracking server and
the wandb client against Sextant, logging the same metrics. Each command prints one JSON line.

  peers.py mlflow-log URL RUNS STEPS KEYS     log_batch, 1,000 metric values per request (MLflow's limit)
  peers.py mlflow-read URL RUN_ID KEY         MlflowClient.get_metric_history
  peers.py wandb-log PROJECT RUNS STEPS KEYS  wandb.init / wandb.log per step / wandb.finish (WANDB_BASE_URL set)
  peers.py wandb-read PATH KEY                wandb.Api().run(PATH).scan_history(keys=[KEY])
"""
import json
import sys
import time


def values(step, keys):
    return {f"m{k}": 1.0 / (step + 1) + k for k in range(keys)}


def mlflow_log(url, runs, steps, keys):
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=url)
    experiment = client.create_experiment(f"ingest-{time.time_ns()}")
    logging = 0.0
    run_ids = []
    for _ in range(runs):
        started = time.perf_counter()
        run = client.create_run(experiment)
        batch = []
        for step in range(steps):
            now = int(time.time() * 1000)
            for key, value in values(step, keys).items():
                batch.append(Metric(key, value, now, step))
                if len(batch) == 1000:
                    client.log_batch(run.info.run_id, metrics=batch)
                    batch = []
        if batch:
            client.log_batch(run.info.run_id, metrics=batch)
        client.set_terminated(run.info.run_id)
        logging += time.perf_counter() - started
        run_ids.append(run.info.run_id)
    return {"seconds": logging, "run_ids": run_ids}


def mlflow_read(url, run_id, key):
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=url)
    started = time.perf_counter()
    history = client.get_metric_history(run_id, key)
    return {"seconds": time.perf_counter() - started, "count": len(history)}


def wandb_log(project, runs, steps, keys):
    import wandb

    logging = 0.0
    finishes = []
    for _ in range(runs):
        # The "shape" run prints as a training script does, so its requests carry console lines too.
        shape = project == "shape"
        run = wandb.init(project=project, settings=wandb.Settings(console="auto" if shape else "off"))
        started = time.perf_counter()
        for step in range(steps):
            wandb.log(values(step, keys), step=step)
            if shape and step % 1000 == 0:
                print(f"step {step}", flush=True)
        finishing = time.perf_counter()
        run.finish()
        done = time.perf_counter()
        finishes.append(done - finishing)
        logging += done - started
    return {"seconds": logging, "finish_seconds": finishes, "version": wandb.__version__}


def wandb_read(path, key):
    import wandb

    run = wandb.Api().run(path)
    started = time.perf_counter()
    count = sum(1 for row in run.scan_history(keys=[key]) if key in row)
    return {"seconds": time.perf_counter() - started, "count": count}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "mlflow-log":
        result = mlflow_log(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif command == "mlflow-read":
        result = mlflow_read(args[0], args[1], args[2])
    elif command == "wandb-log":
        result = wandb_log(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif command == "wandb-read":
        result = wandb_read(args[0], args[1])
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result))
