// The GraphQL executor: graphql-js validates each document against the schema Sextant serves
// (runs.graphql, sweeps.graphql, artifacts.graphql) and executes it over our resolvers. A field,
// argument or variable type the schema does not have is a 400 naming it with its line:column. The
// objects our resolvers answer are plain: a field is a value, or a function of the field's
// arguments. A field the schema declares and we do not keep resolves to null only when
// not-kept.ts lists it; any other field an object lacks is a bug, answered 500.
import { readFileSync } from 'node:fs';
import {
  buildSchema, execute as executeDocument, Kind, specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLFieldResolver, type GraphQLSchema,
} from 'graphql';
import { AccessError, RequestError } from '../errors.ts';
import { checkedDocument } from './graphql-limits.ts';
import { isNotKept } from './not-kept.ts';

export type Args = Record<string, unknown>;
/** A field's value, or a function computing it from the field's arguments. */
export type Resolver = unknown | ((args: Args) => unknown);

export interface Roots {
  query: Record<string, Resolver>;
  mutation: Record<string, Resolver>;
}

export interface Execution {
  data?: unknown;
  errors?: Array<{ message: string; locations?: Array<{ line: number; column: number }> }>;
  status: number;
  /** The operation's name, or its root fields when it has none (for logs). */
  operation?: string;
}

/** Told each object a resolver answered, with its GraphQL type (the schema coverage test). */
export type Observer = (type: string, object: object) => void;

const SCHEMA_FILES = ['runs.graphql', 'sweeps.graphql', 'artifacts.graphql'];

/** The schema Sextant serves, built once from its SDL files. */
export const SCHEMA: GraphQLSchema = buildSchema(SCHEMA_FILES.map((file) => readFileSync(new URL(file, import.meta.url), 'utf8')).join('\n'));

/** Documents that passed schema validation (the limits module keeps one parsed document per text). */
const VALIDATED = new WeakSet<DocumentNode>();

/** A missing resolver: the schema declares the field, the object answers nothing, and not-kept.ts does not list it. */
export class MissingResolver extends Error {}

/** Runs one operation; a RequestError thrown by a resolver becomes its answer (400, or 403 for an AccessError). */
export async function execute(body: unknown, roots: Roots, observe?: Observer): Promise<Execution> {
  if (typeof body !== 'object' || body === null || typeof (body as Args).query !== 'string') {
    return failure(400, 'expected a JSON body {"query": "...", "variables": {...}}');
  }
  const { query, variables, operationName } = body as { query: string; variables?: unknown; operationName?: unknown };
  const vars = (typeof variables === 'object' && variables !== null && !Array.isArray(variables) ? variables : {}) as Args;
  const document = checkedDocument(query, vars);
  if (typeof document === 'string') return failure(400, document);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  // wandb-core sends `operationName: ""` with its one-operation documents.
  const named = typeof operationName === 'string' && operationName !== '';
  const operation = named ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return failure(400, operations.length === 0 ? 'no operation in the query' : 'several operations: name the one to run in operationName');
  if (operation.operation === 'subscription') return failure(400, 'subscriptions are not supported');
  const label = operation.name?.value ?? operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '…')).join(',');
  if (operation.operation === 'mutation') {
    const known = SCHEMA.getMutationType()?.getFields() ?? {};
    for (const selection of operation.selectionSet.selections) {
      // Answering anything else would let the client believe a write happened.
      if (selection.kind === Kind.FIELD && !Object.hasOwn(known, selection.name.value)) {
        return { ...failure(400, `mutation ${selection.name.value} is not implemented by this server`), operation: label };
      }
    }
  }
  if (!VALIDATED.has(document)) {
    const errors = validate(SCHEMA, document, specifiedRules, { maxErrors: 10 });
    if (errors.length > 0) return { ...failures(400, errors), operation: label };
    VALIDATED.add(document);
  }
  const root = operation.operation === 'mutation' ? roots.mutation : roots.query;
  const result = await executeDocument({
    schema: SCHEMA, document, rootValue: root, variableValues: vars, operationName: operation.name?.value, fieldResolver: resolver(observe),
  });
  if (!result.errors) return { data: result.data, status: 200, operation: label };
  // No data: the request's variables did not fit their declared types, and nothing ran.
  if (result.data === undefined) return { ...failures(400, result.errors), operation: label };
  const requestErrors = result.errors.filter((e) => e.originalError instanceof RequestError);
  const bug = result.errors.find((e) => !requestErrors.includes(e));
  if (bug) throw bug.originalError ?? bug;
  const denied = requestErrors.some((e) => e.originalError instanceof AccessError);
  return { ...failures(denied ? 403 : 400, requestErrors), operation: label };
}

function resolver(observe: Observer | undefined): GraphQLFieldResolver<unknown, unknown> {
  const seen = new WeakSet<object>();
  return (source, args, _context, info) => {
    const object = source as Record<string, unknown>;
    if (observe && !seen.has(object)) {
      seen.add(object);
      observe(info.parentType.name, object);
    }
    const name = info.fieldName;
    if (Object.hasOwn(object, name)) {
      const value = object[name];
      return typeof value === 'function' ? (value as (args: Args) => unknown)(args) : value;
    }
    if (isNotKept(info.parentType.name, name)) return null;
    throw new MissingResolver(`no resolver for ${info.parentType.name}.${name} on this object (not in not-kept.ts either)`);
  };
}

function failure(status: number, message: string): Execution {
  return { errors: [{ message }], status };
}

/** graphql-js's messages; one about the document says where in it (line:column). */
function failures(status: number, errors: readonly GraphQLError[]): Execution {
  return {
    status,
    errors: errors.map((e) => {
      if (e.originalError instanceof RequestError || !e.locations) return { message: e.message };
      return { message: `${e.message} (at ${e.locations.map((l) => `${l.line}:${l.column}`).join(', ')})`, locations: [...e.locations] };
    }),
  };
}
