// The ArtifactStore in SQL, for both backends: every method is one transaction.
import { ArtifactConflict, type ArtifactFile, type ArtifactObject, type ArtifactStore, type ArtifactVersion, type NewArtifact } from './artifact-store.ts';
import { addProject } from './run-sql.ts';
import type { RunKey } from './run-store.ts';
import { all, exec, int64, now, one, placeholders, valueRows, type Param, type Row, type Sql, type Work } from './sql.ts';

const SEQUENCE_OF = 'SELECT sequence_id FROM artifacts WHERE id = ?';
const OBJECT = 'SELECT * FROM artifact_objects WHERE entity = ? AND digest = ?';
// history_step as a double: SQLite refuses to read an integer beyond 2^53 into a JavaScript number.
const VERSION = `SELECT a.id, a.sequence_id, a.version_index, a.digest, a.state, a.description, a.metadata, a.created_by,
  CAST(a.history_step AS DOUBLE PRECISION) AS history_step, a.requested_aliases, a.manifest_digest, a.manifest_uploaded,
  a.file_count, a.size, a.created_at, a.updated_at,
  s.entity, s.project, s.name, s.type
  FROM artifacts a JOIN artifact_sequences s ON s.id = a.sequence_id`;

function* versions(where: string, ...params: Param[]): Work<ArtifactVersion[]> {
  const rows: Row[] = yield all(`${VERSION} WHERE ${where}`, ...params);
  const aliases = new Map<number, string[]>();
  const committed = rows.filter((r) => r.state === 'COMMITTED').map((r) => Number(r.id));
  for (let i = 0; i < committed.length; i += 500) {
    const ids = committed.slice(i, i + 500);
    const found: Row[] = yield all(`SELECT artifact_id, alias FROM artifact_aliases WHERE artifact_id IN (${placeholders(ids.length)}) ORDER BY alias`, ...ids);
    for (const row of found) aliases.set(Number(row.artifact_id), [...(aliases.get(Number(row.artifact_id)) ?? []), String(row.alias)]);
  }
  return rows.map((row) => toVersion(row, row.state === 'COMMITTED' ? aliases.get(Number(row.id)) ?? [] : JSON.parse(String(row.requested_aliases)) as string[]));
}

function* version(id: number): Work<ArtifactVersion | undefined> {
  return (yield* versions('a.id = ?', id))[0];
}

function toVersion(row: Row, aliases: string[]): ArtifactVersion {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(row.id), entity: String(row.entity), project: String(row.project), name: String(row.name), type: String(row.type),
    versionIndex: row.version_index === null ? null : Number(row.version_index), digest: String(row.digest),
    state: String(row.state) as ArtifactVersion['state'], description: text(row.description), metadata: text(row.metadata),
    createdBy: text(row.created_by), historyStep: row.history_step === null ? null : Number(row.history_step), aliases,
    manifestDigest: text(row.manifest_digest), manifestUploaded: Number(row.manifest_uploaded) === 1,
    fileCount: Number(row.file_count), size: Number(row.size), createdAt: String(row.created_at), updatedAt: String(row.updated_at),
  };
}

function* latestCommitted(sequenceId: number): Work<ArtifactVersion | undefined> {
  return (yield* versions("a.sequence_id = ? AND a.state = 'COMMITTED' ORDER BY a.version_index DESC LIMIT 1", sequenceId))[0];
}

/** Points an alias of a sequence at a version, taking it from whichever version held it. */
const pointAlias = (sequenceId: number, alias: string, artifactId: number) => exec(`INSERT INTO artifact_aliases (sequence_id, alias, artifact_id) VALUES (?, ?, ?)
  ON CONFLICT (sequence_id, alias) DO UPDATE SET artifact_id = excluded.artifact_id`, sequenceId, alias, artifactId);

function* moveAliases(sequenceId: number, artifactId: number, aliases: string[]): Work<void> {
  for (const alias of new Set(['latest', ...aliases])) yield pointAlias(sequenceId, alias, artifactId);
}

function* rememberClientIds(clientId: string | null, sequenceClientId: string | null, artifactId: number, sequenceId: number): Work<void> {
  if (clientId) yield exec('INSERT INTO artifact_client_ids (client_id, artifact_id, sequence_id) VALUES (?, ?, NULL) ON CONFLICT (client_id) DO NOTHING', clientId, artifactId);
  if (sequenceClientId) yield exec('INSERT INTO artifact_client_ids (client_id, artifact_id, sequence_id) VALUES (?, NULL, ?) ON CONFLICT (client_id) DO NOTHING', sequenceClientId, sequenceId);
}

function toObject(row: Row): ArtifactObject {
  return { digest: String(row.digest), size: Number(row.size), birthArtifactId: Number(row.birth_artifact_id) };
}

function toFile(row: Row): ArtifactFile {
  return {
    path: String(row.path), digest: String(row.digest), size: Number(row.size),
    birthArtifactId: row.birth_artifact_id === null ? null : Number(row.birth_artifact_id), ref: row.ref === null ? null : String(row.ref),
  };
}

export function artifactMethods(sql: Sql): ArtifactStore {
  return {
    createArtifact: (n: NewArtifact) => sql.transaction(function* () {
      const time = now();
      yield exec('INSERT INTO artifact_sequences (entity, project, name, type, version_count, created_at) VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (entity, project, name) DO NOTHING',
        n.entity, n.project, n.name, n.type, time);
      yield addProject(n.entity, n.project, time);
      const sequence: Row = yield one('SELECT id, type FROM artifact_sequences WHERE entity = ? AND project = ? AND name = ?', n.entity, n.project, n.name);
      const sequenceId = Number(sequence.id);
      if (sequence.type !== n.type) throw new ArtifactConflict(`artifact ${n.name} is of type ${String(sequence.type)}; it cannot take a version of type ${n.type}`);
      const latest = yield* latestCommitted(sequenceId);
      if (latest && latest.digest === n.digest) {
        yield* moveAliases(sequenceId, latest.id, n.aliases);
        yield* rememberClientIds(n.clientId, n.sequenceClientId, latest.id, sequenceId);
        return { artifact: (yield* version(latest.id))!, deduplicated: true };
      }
      const inserted: Row = yield one(`INSERT INTO artifacts (sequence_id, version_index, digest, state, description, metadata, created_by, history_step,
          requested_aliases, manifest_digest, manifest_uploaded, file_count, size, created_at, updated_at)
        VALUES (?, NULL, ?, 'PENDING', ?, ?, ?, ?, ?, NULL, 0, 0, 0, ?, ?) RETURNING id`,
      sequenceId, n.digest, n.description, n.metadata, n.createdBy, int64(n.historyStep), JSON.stringify([...new Set(['latest', ...n.aliases])]), time, time);
      yield* rememberClientIds(n.clientId, n.sequenceClientId, Number(inserted.id), sequenceId);
      return { artifact: (yield* version(Number(inserted.id)))!, deduplicated: false };
    }),

    getArtifact: (id) => sql.transaction(() => version(id)),

    artifactByClientId: (clientId) => sql.transaction(function* () {
      const row: Row | undefined = yield one('SELECT artifact_id FROM artifact_client_ids WHERE client_id = ? AND artifact_id IS NOT NULL', clientId);
      return row ? yield* version(Number(row.artifact_id)) : undefined;
    }),

    latestBySequenceClientId: (sequenceClientId) => sql.transaction(function* () {
      const row: Row | undefined = yield one('SELECT sequence_id FROM artifact_client_ids WHERE client_id = ? AND sequence_id IS NOT NULL', sequenceClientId);
      return row ? yield* latestCommitted(Number(row.sequence_id)) : undefined;
    }),

    resolveArtifact: (entity, project, name, ref) => sql.transaction(function* () {
      const committed = "s.entity = ? AND s.project = ? AND s.name = ? AND a.state = 'COMMITTED'";
      const index = /^v(\d{1,9})$/.exec(ref);
      if (index) return (yield* versions(`${committed} AND a.version_index = ?`, entity, project, name, Number(index[1])))[0];
      const aliased = (yield* versions(`${committed} AND a.id = (SELECT l.artifact_id FROM artifact_aliases l WHERE l.sequence_id = s.id AND l.alias = ?)`, entity, project, name, ref))[0];
      return aliased ?? (yield* versions(`${committed} AND a.digest = ? ORDER BY a.version_index DESC LIMIT 1`, entity, project, name, ref))[0];
    }),

    listArtifactSequences: (entity, project, type) => sql.transaction(function* () {
      const rows: Row[] = yield all(`SELECT s.name, s.type, s.created_at,
          (SELECT COUNT(*) FROM artifacts a WHERE a.sequence_id = s.id AND a.state = 'COMMITTED') AS version_count
        FROM artifact_sequences s WHERE s.entity = ? AND s.project = ? AND s.type = COALESCE(?, s.type) ORDER BY s.name`, entity, project, type ?? null);
      return rows.map((r) => ({ name: String(r.name), type: String(r.type), versionCount: Number(r.version_count), createdAt: String(r.created_at) }));
    }),

    listArtifactVersions: (entity, project, name) => sql.transaction(() =>
      versions("s.entity = ? AND s.project = ? AND s.name = ? AND a.state = 'COMMITTED' ORDER BY a.version_index DESC", entity, project, name)),

    setArtifactManifest: (id, manifestDigest) => sql.transaction(function* () {
      yield exec('UPDATE artifacts SET manifest_digest = ?, manifest_uploaded = 0, updated_at = ? WHERE id = ? AND state = ?', manifestDigest, now(), id, 'PENDING');
    }),

    markManifestUploaded: (id) => sql.transaction(function* () {
      yield exec('UPDATE artifacts SET manifest_uploaded = 1, updated_at = ? WHERE id = ?', now(), id);
    }),

    addArtifactObject: (entity, object) => sql.transaction(function* () {
      yield exec('INSERT INTO artifact_objects (entity, digest, size, birth_artifact_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (entity, digest) DO NOTHING',
        entity, object.digest, object.size, object.birthArtifactId, now());
      return toObject(yield one(OBJECT, entity, object.digest));
    }),

    findArtifactObject: (entity, digest) => sql.transaction(function* () {
      const row: Row | undefined = yield one(OBJECT, entity, digest);
      return row && toObject(row);
    }),

    commitArtifact: (id, files) => sql.transaction(function* () {
      const artifact = yield* version(id);
      if (!artifact) throw new ArtifactConflict(`no artifact with ID ${id}`);
      if (artifact.state === 'COMMITTED') return artifact;
      if (artifact.state === 'DELETED') throw new ArtifactConflict(`artifact ${artifact.name} (ID ${id}) was deleted`);
      const missing: string[] = [];
      const resized: string[] = [];
      for (const file of files) {
        if (file.ref !== null) continue;
        const found: Row | undefined = yield one(OBJECT, artifact.entity, file.digest);
        if (!found) missing.push(file.path);
        else if (Number(found.size) !== file.size) resized.push(`${file.path} (${file.size} in the manifest, ${Number(found.size)} stored)`);
      }
      const some = (paths: string[]) => `${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''}`;
      if (missing.length > 0) throw new ArtifactConflict(`cannot commit ${artifact.name}: ${missing.length} file(s) of its manifest were never uploaded: ${some(missing)}`);
      if (resized.length > 0) throw new ArtifactConflict(`cannot commit ${artifact.name}: the manifest gives wrong sizes for ${some(resized)}`);
      const row: Row = yield one(SEQUENCE_OF, id);
      const sequenceId = Number(row.sequence_id);
      const bumped: Row = yield one('UPDATE artifact_sequences SET version_count = version_count + 1 WHERE id = ? RETURNING version_count', sequenceId);
      for (let i = 0; i < files.length; i += 200) {
        const batch = files.slice(i, i + 200);
        yield exec(`INSERT INTO artifact_files (artifact_id, path, digest, size, birth_artifact_id, ref) VALUES ${valueRows(batch.length, 6)}`,
          ...batch.flatMap((f) => [id, f.path, f.digest, f.size, f.birthArtifactId, f.ref]));
      }
      yield exec("UPDATE artifacts SET state = 'COMMITTED', version_index = ?, file_count = ?, size = ?, updated_at = ? WHERE id = ?",
        Number(bumped.version_count) - 1, files.length, files.reduce((sum, f) => sum + f.size, 0), now(), id);
      yield* moveAliases(sequenceId, id, artifact.aliases);
      return (yield* version(id))!;
    }),

    updateArtifact: (id, patch) => sql.transaction(function* () {
      const artifact = yield* version(id);
      if (!artifact || artifact.state !== 'COMMITTED') throw new ArtifactConflict(`artifact ${id} is not a committed version`);
      if (patch.removeAliases?.includes('latest') || patch.addAliases?.includes('latest')) throw new ArtifactConflict('the alias latest moves only when a new version is committed');
      const time = now();
      if (patch.description !== undefined) yield exec('UPDATE artifacts SET description = ?, updated_at = ? WHERE id = ?', patch.description, time, id);
      if (patch.metadata !== undefined) yield exec('UPDATE artifacts SET metadata = ?, updated_at = ? WHERE id = ?', patch.metadata, time, id);
      const row: Row = yield one(SEQUENCE_OF, id);
      for (const alias of patch.removeAliases ?? []) yield exec('DELETE FROM artifact_aliases WHERE artifact_id = ? AND alias = ?', id, alias);
      for (const alias of patch.addAliases ?? []) yield pointAlias(Number(row.sequence_id), alias, id);
      return (yield* version(id))!;
    }),

    artifactFiles: (id, offset, limit) => sql.transaction(function* () {
      const rows: Row[] = yield all('SELECT * FROM artifact_files WHERE artifact_id = ? ORDER BY path LIMIT ? OFFSET ?', id, limit, offset);
      return rows.map(toFile);
    }),

    useArtifact: (id, run) => sql.transaction(function* () {
      yield exec('INSERT INTO artifact_uses (artifact_id, entity, project, run, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', id, run.entity, run.project, run.name, now());
    }),

    artifactUsers: (id) => sql.transaction(function* () {
      const rows: Row[] = yield all('SELECT entity, project, run FROM artifact_uses WHERE artifact_id = ? ORDER BY created_at, run', id);
      return rows.map((r): RunKey => ({ entity: String(r.entity), project: String(r.project), name: String(r.run) }));
    }),

    runArtifacts: (run, direction) => sql.transaction(() => direction === 'output'
      ? versions("s.entity = ? AND s.project = ? AND a.created_by = ? AND a.state = 'COMMITTED' ORDER BY a.created_at, a.id", run.entity, run.project, run.name)
      : versions(`a.state = 'COMMITTED' AND a.id IN (SELECT u.artifact_id FROM artifact_uses u WHERE u.entity = ? AND u.project = ? AND u.run = ?)
          ORDER BY a.created_at, a.id`, run.entity, run.project, run.name)),

    deleteArtifact: (id) => sql.transaction(function* () {
      const artifact = yield* version(id);
      if (!artifact || artifact.state === 'DELETED') return [];
      const row: Row = yield one(SEQUENCE_OF, id);
      const sequenceId = Number(row.sequence_id);
      yield exec("UPDATE artifacts SET state = 'DELETED', updated_at = ? WHERE id = ?", now(), id);
      yield exec('DELETE FROM artifact_aliases WHERE artifact_id = ?', id);
      yield exec('DELETE FROM artifact_files WHERE artifact_id = ?', id);
      const latest = yield* latestCommitted(sequenceId);
      if (latest) yield exec("INSERT INTO artifact_aliases (sequence_id, alias, artifact_id) VALUES (?, 'latest', ?) ON CONFLICT (sequence_id, alias) DO NOTHING", sequenceId, latest.id);
      // An object stays while a live version lists it, holds it as its manifest, or is still uploading it.
      const unreferenced: Row[] = yield all(`SELECT o.digest FROM artifact_objects o WHERE o.entity = ?
          AND NOT EXISTS (SELECT 1 FROM artifact_files f JOIN artifacts a ON a.id = f.artifact_id JOIN artifact_sequences s ON s.id = a.sequence_id
                          WHERE f.digest = o.digest AND s.entity = o.entity)
          AND NOT EXISTS (SELECT 1 FROM artifacts a JOIN artifact_sequences s ON s.id = a.sequence_id
                          WHERE a.manifest_digest = o.digest AND a.state <> 'DELETED' AND s.entity = o.entity)
          AND NOT EXISTS (SELECT 1 FROM artifacts b WHERE b.id = o.birth_artifact_id AND b.state = 'PENDING')`, artifact.entity);
      const digests = unreferenced.map((r) => String(r.digest));
      for (const digest of digests) yield exec('DELETE FROM artifact_objects WHERE entity = ? AND digest = ?', artifact.entity, digest);
      return digests;
    }),

    stalePendingArtifacts: (before) => sql.transaction(() => versions("a.state = 'PENDING' AND a.created_at < ? ORDER BY a.id", before.toISOString())),
  };
}
