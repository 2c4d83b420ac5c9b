// A typed client of a Sextant server, for the CLI, tests and benchmarks.
export { basicAuth, ServerError, type Server } from './http.ts';
export { call, routePath, type CallInput } from './native.ts';
export { fileStream, graphql, graphqlAnswer, upload, type FileStreamAnswer, type GraphqlAnswer, type RunPath } from './wandb.ts';
export { agentHeartbeat, createAgent, upsertRun, upsertSweep, type AgentCommand, type RunCommand, type RunInit } from './sweep-agent.ts';
export { routes } from '@sextant/protocol';
export type { Answer, Run, Sweep, SweepSummary } from '@sextant/protocol';
