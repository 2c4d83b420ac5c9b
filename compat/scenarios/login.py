"""`wandb login --host URL` at a terminal (a pseudo-terminal here): the link it prints for finding
the key, then the key typed at its prompt, stored for that host."""
import os
import pty
import re
import select
import time

from common import section

with section("login") as out:
    env = {k: v for k, v in os.environ.items() if k != "WANDB_API_KEY"}
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe("wandb", ["wandb", "login", "--relogin", "--host", env["WANDB_BASE_URL"]], env)
    seen = b""
    typed = False
    deadline = time.time() + 60
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if not typed and re.search(rb"(?i)paste|api key", seen) and b"/authorize" in seen and seen.rstrip().endswith(b":"):
            os.write(fd, os.environ["WANDB_API_KEY"].encode() + b"\n")
            typed = True
    _, status = os.waitpid(pid, 0)
    text = re.sub(r"\x1b\[[0-9;]*m", "", seen.decode(errors="replace"))
    out["exit"] = os.waitstatus_to_exitcode(status)
    out["links"] = re.findall(r"https?://\S+/authorize\S*", text)
    out["typed"] = typed
    out["transcript"] = text[-2000:]
    netrc = os.path.join(os.environ["HOME"], ".netrc")
    out["netrc"] = open(netrc).read() if os.path.exists(netrc) else None
