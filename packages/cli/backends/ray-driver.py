# The Ray backend's driver, started by `sextant launch --backend ray`: runs N agents as Ray actors
# on an existing cluster, each reserving its CPUs and GPUs, and relays launch's Ctrl-C to them.
# Its settings, the API key among them, come as one JSON line on standard input (never argv).
# Each actor prints its agent's lines as "[agent K] ..." (Ray forwards them to this driver);
# the last line is "sextant-ray: exit codes [...]".
import json
import os
import signal
import subprocess
import sys

import ray


def main():
    spec = json.loads(sys.stdin.readline())
    # On a cluster reached over loopback, the driver stays on loopback too (Ray would otherwise
    # announce the machine's outward address for it).
    host = spec["address"].rsplit(":", 1)[0]
    local = {"_node_ip_address": "127.0.0.1"} if host in ("127.0.0.1", "localhost") else {}
    ray.init(address=spec["address"], log_to_driver=True, **local)

    # Two concurrent calls: run() for the agent's lifetime, signal() while it runs.
    @ray.remote(num_cpus=spec["cpus"], num_gpus=spec["gpus"], max_concurrency=2)
    class Agent:
        def __init__(self):
            self.process = None

        def run(self, k, argv, env, cwd):
            self.process = subprocess.Popen(
                argv, env={**os.environ, **env}, cwd=cwd, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
            for line in self.process.stdout:
                print(f"[agent {k}] {line.rstrip()}", flush=True)
            return self.process.wait()

        def signal(self, signum):
            if self.process is not None and self.process.poll() is None:
                self.process.send_signal(signum)

    agents = [Agent.remote() for _ in range(spec["jobs"])]
    pending = [agent.run.remote(k + 1, spec["argv"], spec["env"], spec["cwd"]) for k, agent in enumerate(agents)]
    print(f"sextant-ray: {len(agents)} agents on {ray.get_runtime_context().gcs_address}", flush=True)
    interrupts = 0

    def relay(signum, _frame):
        # The first SIGINT lets the agents drain; a second one, or SIGTERM, stops their runs.
        nonlocal interrupts
        interrupts += 1
        forward = signal.SIGINT if signum == signal.SIGINT and interrupts == 1 else signal.SIGTERM
        for agent in agents:
            agent.signal.remote(forward)

    signal.signal(signal.SIGINT, relay)
    signal.signal(signal.SIGTERM, relay)
    # Short waits so that the signal handler runs promptly.
    results = list(pending)
    while pending:
        _, pending = ray.wait(pending, num_returns=len(pending), timeout=0.5)
    codes = ray.get(results)
    print(f"sextant-ray: exit codes {json.dumps(codes)}", flush=True)
    sys.exit(0 if all(code == 0 for code in codes) else 1)


main()
