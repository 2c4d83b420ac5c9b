// The fields the schema declares and Sextant does not keep: each resolves to null, on purpose.
// The wandb clients select them (some versions unconditionally), so they must validate; the
// clients read null as "this server has none". A field the clients probe by introspection to turn
// a feature on is not declared at all (docs/protocol/README.md#graphql-schema).

/** Type → field → why it is null. */
export const NOT_KEPT: Record<string, Record<string, string>> = {
  Query: {
    entity: 'entities are users only; organizations (0.2x asks for its CoreWeave id) are not kept',
  },
  User: {
    email: 'Sextant keeps no e-mail addresses',
    deletedAt: 'users are never soft-deleted',
  },
  Entity: {
    organization: 'organizations are not kept',
  },
  EntityEdge: {
    node: 'teams are not kept: a user\'s list of teams is empty',
  },
  ApiKeyEdge: {
    node: 'API keys are listed by the native API (docs/api.md), not here: the list is empty',
  },
  ApiKey: {
    id: 'API keys are not listed here',
    name: 'API keys are not listed here',
    description: 'API keys are not listed here',
  },
  Organization: {
    coreWeaveOrganizationId: 'organizations are not kept',
  },
  ServerMessage: {
    utfText: 'the server sends no messages to clients',
    plainText: 'the server sends no messages to clients',
    htmlText: 'the server sends no messages to clients',
    messageType: 'the server sends no messages to clients',
    messageLevel: 'the server sends no messages to clients',
  },
  Project: {
    user: 'a project belongs to an entity, not to a user',
    description: 'projects have no description (`wandb projects` reads it)',
    repo: 'projects have no git repository of their own',
    dockerImage: 'projects have no docker image (launch is not implemented)',
  },
  Run: {
    commit: 'the git commit a run sends is not kept',
    failed: 'old sweep controllers read it; state says it',
    running: 'old sweep controllers read it; state says it',
  },
  Sweep: {
    controller: 'Sextant runs its own controller, not a local one',
    scheduler: 'launch is not implemented',
  },
  Agent: {
    totalRuns: 'runs are counted per sweep, not per agent',
  },
  File: {
    uploadMultipartUrls: 'each file is uploaded whole: no multipart URLs',
  },
  UploadMultipartUrls: {
    uploadID: 'no multipart uploads',
    uploadUrlParts: 'no multipart uploads',
  },
  UploadUrlPart: {
    partNumber: 'no multipart uploads',
    uploadUrl: 'no multipart uploads',
  },
  Artifact: {
    labels: 'artifact labels are not kept',
  },
  ArtifactSequence: {
    description: 'a collection has no description of its own; its versions have theirs',
  },
  ArtifactType: {
    description: 'artifact types have no description',
  },
  TagEdge: {
    node: 'collection tags are not kept: the list is empty',
  },
  Tag: {
    id: 'artifact tags are not kept (the tag lists are empty)',
    name: 'artifact tags are not kept',
    tagCategoryName: 'artifact tags are not kept',
    attributes: 'artifact tags are not kept',
  },
};

export function isNotKept(type: string, field: string): boolean {
  return Object.hasOwn(NOT_KEPT, type) && Object.hasOwn(NOT_KEPT[type], field);
}
