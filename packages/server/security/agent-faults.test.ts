// A dropped connection never loses or repeats a grid point. Between an agent and the server sits a
// proxy that forwards each request, reads the server's answer and, for one kind of answer, closes
// the client's socket instead of passing it on. The agent behaves like `wandb agent`: a failed
// request is retried on its next loop.
import assert from 'node:assert/strict';
import { createServer, request as forward, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authHeader } from '../testing/server-process.ts';
import { eachStore, withPostgres } from '../testing/security-target.ts';

withPostgres();

const KINDS = ['createAgent', 'heartbeat: run', 'heartbeat: nothing', 'heartbeat: exit', 'upsertBucket', 'file_stream'] as const;
type Kind = (typeof KINDS)[number];

function read(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

function kindOf(path: string, answer: string): Kind | undefined {
  if (path.endsWith('/file_stream')) return 'file_stream';
  const data = (JSON.parse(answer) as { data?: Record<string, any> }).data ?? {};
  if (data.createAgent) return 'createAgent';
  if (data.upsertBucket) return 'upsertBucket';
  if (data.agentHeartbeat) {
    const [first] = JSON.parse(data.agentHeartbeat.commands) as Array<{ type: string }>;
    return first?.type === 'run' ? 'heartbeat: run' : first?.type === 'exit' ? 'heartbeat: exit' : 'heartbeat: nothing';
  }
  return undefined;
}

/** Forwards everything to `target`; the 1st and 3rd answers of `drop` are lost with their connection. */
async function faultyProxy(target: string, drop: Kind): Promise<{ url: string; dropped: () => number; close(): Promise<void> }> {
  const upstream = new URL(target);
  let seen = 0;
  let dropped = 0;
  const server: Server = createServer(async (incoming, outgoing) => {
    const body = await read(incoming);
    const proxied = forward({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, async (answer) => {
      const answerBody = await read(answer);
      if (kindOf(incoming.url ?? '', answerBody.toString()) === drop && [1, 3].includes(++seen)) {
        dropped++;
        incoming.socket.destroy();
        return;
      }
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers).end(answerBody);
    });
    proxied.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dropped: () => dropped,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A request that is retried, as the agent's next loop would, until an answer arrives. */
async function retried<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries > 20) throw error;
    }
  }
}

function agentProtocol(url: string, project: string) {
  const post = async (path: string, payload: unknown): Promise<any> => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: authHeader(), 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify(payload) });
    const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
    if (!response.ok || body.errors) throw new Error(`${path} ${response.status}: ${JSON.stringify(body.errors)}`);
    return body;
  };
  const gql = async (query: string, variables: Record<string, unknown>) => (await post('/graphql', { query, variables })).data;
  return {
    createSweep: async (config: string): Promise<string> =>
      (await gql('mutation($c: String, $p: String) { upsertSweep(input: {config: $c, projectName: $p}) { sweep { name } } }', { c: config, p: project })).upsertSweep.sweep.name,
    createAgent: async (sweep: string): Promise<string> =>
      (await gql('mutation($s: String!, $p: String) { createAgent(input: {host: "h", projectName: $p, sweep: $s}) { agent { id } } }', { s: sweep, p: project })).createAgent.agent.id,
    heartbeat: async (agent: string, running: string[]): Promise<Array<{ type: string; run_id: string; args: Record<string, { value: number }> }>> =>
      JSON.parse((await gql('mutation($id: ID!, $r: JSONString) { agentHeartbeat(input: {id: $id, metrics: "{}", runState: $r}) { commands } }',
        { id: agent, r: JSON.stringify(Object.fromEntries(running.map((id) => [id, true]))) })).agentHeartbeat.commands),
    upsertRun: (run: string) => gql('mutation($n: String, $p: String) { upsertBucket(input: {name: $n, modelName: $p}) { bucket { id } } }', { n: run, p: project }),
    complete: (run: string) => post(`/files/admin/${project}/${run}/file_stream`, { complete: true, exitcode: 0 }),
  };
}

eachStore('with the connection dropped after each kind of agent-protocol answer, every grid point runs exactly once', async (t, storeName) => {
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  for (const kind of KINDS) {
    const proxy = await faultyProxy(address, kind);
    try {
      const client = agentProtocol(proxy.url, `faults-${kind.replace(/\W+/g, '-')}`);
      const sweep = await retried(() => client.createSweep('method: grid\nparameters:\n  a: {values: [1, 2, 3]}\n  b: {values: [1, 2]}\n'));
      const agent = await retried(() => client.createAgent(sweep));
      const ran: string[] = [];
      let running: string | undefined;
      for (let loop = 0; loop < 200; loop++) {
        let commands;
        try {
          commands = await client.heartbeat(agent, running ? [running] : []);
        } catch {
          continue; // `wandb agent`: a failed heartbeat is an empty answer, tried again next loop
        }
        if (commands.some((c) => c.type === 'exit')) break;
        if (running) {
          // The run's process reported in while the agent heartbeated; now it ends.
          await retried(() => client.complete(running!));
          running = undefined;
          continue;
        }
        const run = commands.find((c) => c.type === 'run');
        if (!run) continue;
        ran.push(`${run.args.a.value},${run.args.b.value}`);
        await retried(() => client.upsertRun(run.run_id));
        running = run.run_id;
      }
      assert.ok(proxy.dropped() >= 1, `${kind}: an answer was dropped [${storeName}]`);
      assert.deepEqual(ran.toSorted(), ['1,1', '1,2', '2,1', '2,2', '3,1', '3,2'], `${kind}: each point once`);
      const runs = await t.store.listRuns('admin', `faults-${kind.replace(/\W+/g, '-')}`);
      assert.deepEqual(runs.map((r) => r.state), Array(6).fill('finished'), `${kind}: every run finished, none lost to a failure`);
    } finally {
      await proxy.close();
    }
  }
}, { timeout: 120_000 });
