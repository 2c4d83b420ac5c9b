// A server that does nothing: every POST is answered at once with an agentHeartbeat of no commands.
// bench/dispatch measures its burst of heartbeats against it: what the benchmark's own clients cost.
import { createServer } from 'node:http';

const ANSWER = JSON.stringify({ data: { agentHeartbeat: { commands: '[]' } } });
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
