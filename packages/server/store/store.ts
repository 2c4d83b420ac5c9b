// The one storage contract both backends implement (SQLite by default, PostgreSQL to scale out).
// Every method is a single atomic operation: a write that resolved is durable.
import type { JsonObject } from '@sextant/sweeps';

export interface User {
  id: number;
  username: string;
  admin: boolean;
}

export interface ApiKeyInfo {
  id: number;
  userId: number;
  /** The first characters of the key, to tell keys apart in listings. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export type RunState = 'running' | 'finished' | 'failed' | 'crashed' | 'killed' | 'pending' | 'preempted' | 'preempting';

/** Where a run lives: entity/project/name, name being the run id the client chose. */
export interface RunKey {
  entity: string;
  project: string;
  name: string;
}

export interface Run extends RunKey {
  agentId: string | null;
  displayName: string | null;
  state: RunState;
  config: JsonObject;
  summary: JsonObject;
  sweepName: string | null;
  groupName: string | null;
  jobType: string | null;
  notes: string | null;
  tags: string[];
  host: string | null;
  program: string | null;
  exitcode: number | null;
  stopRequested: boolean;
  historyLineCount: number;
  eventsLineCount: number;
  logLineCount: number;
  createdAt: string;
  updatedAt: string;
  heartbeatAt: string;
}

/** Fields a client may set when it creates or updates a run (UpsertBucket). */
export type RunPatch = Partial<Pick<Run, 'displayName' | 'state' | 'config' | 'summary' | 'sweepName' | 'groupName' | 'jobType' | 'notes' | 'tags' | 'host' | 'program'>>;

/** One line of a stream file; history and events lines carry their `_step` when they have one. */
export interface StreamLine {
  content: string;
  step?: number | null;
}

/** The line-addressed files of a run's stream. */
export type StreamFile = 'history' | 'events' | 'log';

export type SweepState = 'PENDING' | 'RUNNING' | 'PAUSED' | 'FINISHED' | 'CANCELED';

/** A sweep lives in entity/project; `name` is its 8-character id. */
export interface SweepKey {
  entity: string;
  project: string;
  name: string;
}

export interface Sweep extends SweepKey {
  displayName: string | null;
  /** The config as YAML text, as clients send and read it. */
  config: string;
  state: SweepState;
  /** Runs handed out so far; also the optimistic-concurrency token of assignment. */
  runCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Agent {
  id: string;
  sweep: SweepKey;
  host: string;
  /** DEAD: it stopped heartbeating (see Store.buryAgents); a heartbeat brings it back. */
  state: 'RUNNING' | 'FINISHED' | 'DEAD';
  createdAt: string;
  heartbeatAt: string;
}

export interface SweepAssignment {
  name: string;
  displayName: string;
  config: JsonObject;
  agentId: string;
}

export type ArtifactState = 'PENDING' | 'COMMITTED' | 'DELETED';

/** One version of an artifact: a sequence `entity/project/name` holds versions v0, v1, … */
export interface ArtifactVersion {
  id: number;
  entity: string;
  project: string;
  name: string;
  type: string;
  /** Given at commit: the number of versions the sequence had committed before. */
  versionIndex: number | null;
  /** Hex MD5 over the manifest's paths and entry digests (spec wandb-artifacts.md §2). */
  digest: string;
  state: ArtifactState;
  description: string | null;
  /** A JSON object as text, as clients send it. */
  metadata: string | null;
  /** The run (in the artifact's project) that logged it, if any. */
  createdBy: string | null;
  historyStep: number | null;
  /** Aliases held (committed) or asked for (pending); `latest` included, never `v<N>`. */
  aliases: string[];
  /** Base64 MD5 of the manifest file the client declared, and whether its bytes arrived. */
  manifestDigest: string | null;
  manifestUploaded: boolean;
  fileCount: number;
  size: number;
  createdAt: string;
  updatedAt: string;
}

/** What a client asks for in CreateArtifact. */
export interface NewArtifact {
  entity: string;
  project: string;
  name: string;
  type: string;
  digest: string;
  description: string | null;
  metadata: string | null;
  aliases: string[];
  clientId: string | null;
  sequenceClientId: string | null;
  createdBy: string | null;
  historyStep: number | null;
}

/** One entry of a committed version, from its manifest. */
export interface ArtifactFile {
  path: string;
  /** Base64 MD5 of the bytes (or, for a reference, whatever the client put). */
  digest: string;
  size: number;
  birthArtifactId: number | null;
  /** An external reference (s3://…, wandb-artifact://…): no stored bytes. */
  ref: string | null;
}

export interface ArtifactObject {
  digest: string;
  size: number;
  birthArtifactId: number;
}

/** A request the store refuses because of what is already stored (type clash, missing upload…). */
export class ArtifactConflict extends Error {}

export interface Store {
  createUser(username: string, admin: boolean): Promise<User>;
  findUser(username: string): Promise<User | undefined>;
  addApiKey(userId: number, hash: string, prefix: string): Promise<ApiKeyInfo>;
  /** The user owning an unrevoked key with this hash. */
  userForKeyHash(hash: string): Promise<User | undefined>;
  listApiKeys(userId: number): Promise<ApiKeyInfo[]>;
  revokeApiKey(userId: number, keyId: number): Promise<boolean>;
  countUsers(): Promise<number>;

  /** Creates the run (and its project) or applies the patch to it; returns the stored run. */
  upsertRun(key: RunKey, patch: RunPatch): Promise<{ run: Run; inserted: boolean }>;
  getRun(key: RunKey): Promise<Run | undefined>;
  /** Whether the run exists and whether it was asked to stop: the cheap check file_stream makes on every request. */
  runStatus(key: RunKey): Promise<{ stopRequested: boolean; sweepName: string | null } | undefined>;
  listRuns(entity: string, project: string): Promise<Run[]>;
  listProjects(entity: string): Promise<Array<{ name: string; createdAt: string; runCount: number }>>;
  /**
   * A token that changes whenever anything the dashboard shows of the project changes: a run
   * added or updated (history, summary, state), a sweep added or changed, an agent added or its
   * state changed. Agent heartbeats alone leave it as it is.
   */
  projectVersion(entity: string, project: string): Promise<string>;

  /**
   * Writes lines at `offset` (0-based line index) of a stream file: a line already stored at an
   * index is replaced, so a retried batch never duplicates or drops a line. Also refreshes the
   * run's heartbeat and line counts.
   */
  writeLines(key: RunKey, file: StreamFile, offset: number, lines: StreamLine[]): Promise<void>;
  readLines(key: RunKey, file: StreamFile, from: number, limit: number): Promise<string[]>;
  /** History or events rows with minStep <= _step < maxStep, ascending by step (then line). */
  readSteps(key: RunKey, file: StreamFile, minStep: number, maxStep: number): Promise<string[]>;
  /** The largest `_step` among the run's history rows, or undefined when there is none. */
  lastStep(key: RunKey): Promise<number | undefined>;
  /** Marks the run alive now (any file_stream request). */
  touchRun(key: RunKey): Promise<void>;
  finishRun(key: RunKey, state: RunState, exitcode: number | null): Promise<void>;
  /**
   * Deletes the run with its stream lines, alerts and the record of artifacts it used; the
   * artifact versions it logged stay. False when there was no such run.
   */
  deleteRun(key: RunKey): Promise<boolean>;
  /** Appends an alert the run raised (`run.alert()`), a JSON object as text. */
  addRunAlert(key: RunKey, alert: string): Promise<void>;
  /** The run's alerts, oldest first. */
  runAlerts(key: RunKey): Promise<string[]>;
  requestStop(key: RunKey): Promise<boolean>;
  /**
   * Runs still `running` whose heartbeat is older than `before`, and sweep runs an agent received
   * but never started (its agent died), become `crashed` (`killed` when they were asked to stop);
   * returns them.
   */
  crashStaleRuns(before: Date): Promise<RunKey[]>;

  createSweep(sweep: Omit<Sweep, 'createdAt' | 'updatedAt' | 'runCount'>): Promise<Sweep>;
  getSweep(key: SweepKey): Promise<Sweep | undefined>;
  updateSweep(key: SweepKey, patch: { state?: SweepState; config?: string }): Promise<Sweep | undefined>;
  /** An entity's sweeps, newest first. */
  listSweeps(entity: string): Promise<Sweep[]>;
  sweepAgents(key: SweepKey): Promise<Agent[]>;
  /**
   * What a busy agent's heartbeat needs: its pending runs, its running runs that were asked to
   * stop, and the runs it names (`names`), in creation order.
   */
  heartbeatRuns(key: SweepKey, agentId: string, names: string[]): Promise<Run[]>;
  /** The runs of a sweep changed (state, config, summary, stop) at or after `since` (ISO time). */
  sweepRunsChangedSince(key: SweepKey, since: string): Promise<Run[]>;
  /** The runs of a sweep, in creation order. */
  sweepRuns(key: SweepKey): Promise<Run[]>;
  createAgent(agent: Omit<Agent, 'createdAt' | 'heartbeatAt'>): Promise<Agent>;
  getAgent(id: string): Promise<Agent | undefined>;
  /** Records a heartbeat; an agent marked DEAD is RUNNING again. */
  touchAgent(id: string): Promise<void>;
  /** The agent was told to exit. */
  finishAgent(id: string): Promise<void>;
  /**
   * Agents still RUNNING whose last heartbeat is older than `before` end: with pending or running
   * runs they become DEAD and those runs crashed and asked to stop (an orphaned process then ends
   * itself); without, they left (--count, Ctrl-C) and become FINISHED. Returns the crashed runs.
   */
  buryAgents(before: Date): Promise<RunKey[]>;
  /**
   * Pre-creates sweep runs for agents, in order, only if the sweep has handed out exactly `expected`
   * runs so far: concurrent controllers (servers on one database) never assign twice on the same state.
   */
  assignSweepRuns(key: SweepKey, expected: number, runs: SweepAssignment[]): Promise<boolean>;

  /**
   * Creates the type and sequence when missing, then either finds that the latest committed version
   * has the same digest (no new version; the requested aliases move to it) or adds a PENDING version.
   * A sequence of another type is an ArtifactConflict.
   */
  createArtifact(artifact: NewArtifact): Promise<{ artifact: ArtifactVersion; deduplicated: boolean }>;
  getArtifact(id: number): Promise<ArtifactVersion | undefined>;
  /** The version a client ID (CreateArtifact's clientID) names. */
  artifactByClientId(clientId: string): Promise<ArtifactVersion | undefined>;
  /** The latest committed version of the sequence a sequenceClientID names. */
  latestBySequenceClientId(sequenceClientId: string): Promise<ArtifactVersion | undefined>;
  /** A committed version by `v<N>`, alias, or digest. */
  resolveArtifact(entity: string, project: string, name: string, ref: string): Promise<ArtifactVersion | undefined>;
  /** The sequences of a project (optionally of one type), with their type, by name. */
  listArtifactSequences(entity: string, project: string, type?: string): Promise<Array<{ name: string; type: string; versionCount: number; createdAt: string }>>;
  /** The committed versions of a sequence, newest first. */
  listArtifactVersions(entity: string, project: string, name: string): Promise<ArtifactVersion[]>;
  /** Records the manifest digest a pending version declared (second CreateArtifactManifest). */
  setArtifactManifest(id: number, manifestDigest: string): Promise<void>;
  /** Marks the declared manifest's bytes as stored. */
  markManifestUploaded(id: number): Promise<void>;
  /** Remembers stored bytes; the first version to store them is their birth artifact. */
  addArtifactObject(entity: string, object: ArtifactObject): Promise<ArtifactObject>;
  findArtifactObject(entity: string, digest: string): Promise<ArtifactObject | undefined>;
  /**
   * Commits a pending version with the files of its manifest, atomically: every stored entry must
   * resolve to an object (else ArtifactConflict naming the missing paths), the version gets the next
   * index, and `latest` plus the requested aliases move to it.
   */
  commitArtifact(id: number, files: ArtifactFile[]): Promise<ArtifactVersion>;
  /** Files of a committed version, by path. */
  artifactFiles(id: number, offset: number, limit: number): Promise<ArtifactFile[]>;
  /**
   * Edits a committed version: description and metadata when given; aliases added (taken from
   * whichever version held them) and removed. `latest` only moves by commit: removing it is an
   * ArtifactConflict.
   */
  updateArtifact(id: number, patch: { description?: string | null; metadata?: string | null; addAliases?: string[]; removeAliases?: string[] }): Promise<ArtifactVersion>;
  /** Records that a run used a version (idempotent). */
  useArtifact(id: number, run: RunKey): Promise<void>;
  artifactUsers(id: number): Promise<RunKey[]>;
  /** Versions a run logged (output) and used (input), committed only. */
  runArtifacts(run: RunKey, direction: 'output' | 'input'): Promise<ArtifactVersion[]>;
  /**
   * Marks a version DELETED and drops its aliases and files; returns the objects of its entity no
   * committed or pending version refers to any more, now forgotten, whose bytes may be removed.
   */
  deleteArtifact(id: number): Promise<string[]>;
  /** Versions still PENDING that were created before `before`: uploads their client gave up on. */
  stalePendingArtifacts(before: Date): Promise<ArtifactVersion[]>;

  close(): Promise<void>;
}
