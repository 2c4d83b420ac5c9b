// The errors a caller causes, which every layer may throw; the faces turn them into 4xx answers.

/** A mistake in the request itself: HTTP 400 (for GraphQL, reported in `errors`). */
export class RequestError extends Error {}

/** A request for an entity the caller may not use: HTTP 403. */
export class AccessError extends RequestError {}

/** A request the target's present state forbids (deleting a sweep whose agents still run): HTTP 409. */
export class ConflictError extends RequestError {}
