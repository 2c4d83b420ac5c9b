// A server that does nothing: every POST is answered at once with an agentHeartbeat of no commands
// (which file_stream's clients take as well). Benchmarks measure their own clients against it, the
// floor under what any server could give them: bench/dispatch's burst, bench/ingest's requests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';

const ANSWER = JSON.stringify({ data: { agentHeartbeat: { commands: '[]' } } });

/** The null server in a process of its own (as a real server would be): its URL and the process. */
export function startNullServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [import.meta.filename], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve({ url: match[1], child });
    });
    child.on('exit', (code) => reject(new Error(`null server exited with ${code}`)));
  });
}

if (import.meta.main) {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
  });
}
