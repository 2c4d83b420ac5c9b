// The IDs clients see for artifact versions and the other artifact objects: base64 of `<Kind>:<value>`.
export const encodeId = (kind: string, value: string | number): string => Buffer.from(`${kind}:${value}`).toString('base64');

/** The ID clients see for a version: standard padded base64 of `Artifact:<n>`. */
export const artifactId = (id: number): string => encodeId('Artifact', id);

/** The number inside an artifact ID, or undefined for anything else. */
export function parseArtifactId(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^Artifact:(\d{1,9})$/.exec(Buffer.from(value, 'base64').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
