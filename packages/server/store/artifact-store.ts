// Artifacts: sequences of versions, their aliases and files, the stored objects (bytes by MD5) of
// each entity, and which runs logged and used which versions.
import type { RunKey } from './run-store.ts';

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
  /** Hex MD5 over the manifest's paths and entry digests, as the client computes it. */
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

/**
 * Every method runs as one transaction: it sees one state of the database, and its writes are
 * atomic and durable once it resolved.
 */
export interface ArtifactStore {
  /**
   * On CreateArtifact: creates the type and sequence when missing, then either finds that the
   * latest committed version has the same digest (no new version; the requested aliases move to
   * it) or adds a PENDING version. A sequence of another type is an ArtifactConflict.
   */
  createArtifact(artifact: NewArtifact): Promise<{ artifact: ArtifactVersion; deduplicated: boolean }>;
  getArtifact(id: number): Promise<ArtifactVersion | undefined>;
  /** The version a client ID (CreateArtifact's clientID) names: references between a client's own artifacts. */
  artifactByClientId(clientId: string): Promise<ArtifactVersion | undefined>;
  /** The latest committed version of the sequence a sequenceClientID names. */
  latestBySequenceClientId(sequenceClientId: string): Promise<ArtifactVersion | undefined>;
  /** When a client or the dashboard names a version: a committed version by `v<N>`, alias, or digest. */
  resolveArtifact(entity: string, project: string, name: string, ref: string): Promise<ArtifactVersion | undefined>;
  /** The sequences of a project (optionally of one type), with their type, by name. */
  listArtifactSequences(entity: string, project: string, type?: string): Promise<Array<{ name: string; type: string; versionCount: number; createdAt: string }>>;
  /** The committed versions of a sequence, newest first. */
  listArtifactVersions(entity: string, project: string, name: string): Promise<ArtifactVersion[]>;
  /** On the second CreateArtifactManifest: records the manifest digest a pending version declared. */
  setArtifactManifest(id: number, manifestDigest: string): Promise<void>;
  /** When the declared manifest's bytes were stored. */
  markManifestUploaded(id: number): Promise<void>;
  /** When a file's bytes were stored: remembers them; the first version to store them is their birth artifact. */
  addArtifactObject(entity: string, object: ArtifactObject): Promise<ArtifactObject>;
  /** Before an upload (is it needed?) and when bytes are served. */
  findArtifactObject(entity: string, digest: string): Promise<ArtifactObject | undefined>;
  /**
   * On CommitArtifact: commits a pending version with the files of its manifest, atomically: every
   * stored entry must resolve to an object of the right size (else ArtifactConflict naming the
   * paths), the version gets the next index (concurrent commits get distinct ones), and `latest`
   * plus the requested aliases move to it. Committing a committed version changes nothing.
   */
  commitArtifact(id: number, files: ArtifactFile[]): Promise<ArtifactVersion>;
  /** Files of a committed version, by path. */
  artifactFiles(id: number, offset: number, limit: number): Promise<ArtifactFile[]>;
  /**
   * On UpdateArtifact and alias edits: description and metadata when given; aliases added (taken
   * from whichever version held them) and removed. `latest` only moves by commit: touching it is
   * an ArtifactConflict.
   */
  updateArtifact(id: number, patch: { description?: string | null; metadata?: string | null; addAliases?: string[]; removeAliases?: string[] }): Promise<ArtifactVersion>;
  /** On UseArtifact: records that a run used a version (idempotent). */
  useArtifact(id: number, run: RunKey): Promise<void>;
  /** The runs that used a version, in the order they first did. */
  artifactUsers(id: number): Promise<RunKey[]>;
  /** Versions a run logged (output) and used (input), committed only, oldest first. */
  runArtifacts(run: RunKey, direction: 'output' | 'input'): Promise<ArtifactVersion[]>;
  /**
   * When a version is deleted or its upload abandoned: marks it DELETED and drops its aliases and
   * files (`latest` falls back to the newest committed version left); returns the objects of its
   * entity no committed or pending version refers to any more, now forgotten, whose bytes the
   * caller removes. Deleting twice returns nothing.
   */
  deleteArtifact(id: number): Promise<string[]>;
  /** Periodically: versions still PENDING that were created before `before`, uploads their client gave up on. */
  stalePendingArtifacts(before: Date): Promise<ArtifactVersion[]>;
}
