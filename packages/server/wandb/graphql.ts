// A lenient GraphQL executor: the query is parsed by graphql-js, then its selection set is walked
// over plain objects. A selected field we do not know resolves to null instead of failing, and
// input fields we do not know are simply ignored, because the real clients send many variants
// across versions and read the fields an old server lacks as null. A mutation we do not know is
// an error that names it: answering null would let the client believe a write happened.
// Field values may be functions of the field's arguments.
import { Kind, valueFromASTUntyped, type FieldNode, type FragmentDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';
import { AccessError, RequestError } from '../errors.ts';
import { checkedDocument } from './graphql-limits.ts';

export type Args = Record<string, unknown>;
/** A field's value, or a function computing it from the field's arguments. */
export type Resolver = unknown | ((args: Args) => unknown);

export interface Roots {
  query: Record<string, Resolver>;
  mutation: Record<string, Resolver>;
}

export interface Execution {
  data?: unknown;
  errors?: Array<{ message: string }>;
  status: number;
  /** The operation's name, or its root fields when it has none (for logs). */
  operation?: string;
}

/** Told the path of each selected field that had no value because we do not know it. */
export type UnknownField = (path: string) => void;

interface Walk {
  vars: Args;
  fragments: Map<string, FragmentDefinitionNode>;
  unknown: UnknownField;
}

/** Runs one operation; a RequestError thrown by a resolver becomes its answer (400, or 403 for an AccessError). */
export async function execute(body: unknown, roots: Roots, unknown: (operation: string) => UnknownField = () => () => {}): Promise<Execution> {
  if (typeof body !== 'object' || body === null || typeof (body as Args).query !== 'string') {
    return failure(400, 'expected a JSON body {"query": "...", "variables": {...}}');
  }
  const { query, variables, operationName } = body as { query: string; variables?: unknown; operationName?: unknown };
  const vars = (typeof variables === 'object' && variables !== null ? variables : {}) as Args;
  const document = checkedDocument(query, vars);
  if (typeof document === 'string') return failure(400, document);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  // wandb-core sends `operationName: ""` with its one-operation documents.
  const named = typeof operationName === 'string' && operationName !== '';
  const operation = named ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return failure(400, operations.length === 0 ? 'no operation in the query' : 'several operations: name the one to run in operationName');
  if (operation.operation === 'subscription') return failure(400, 'subscriptions are not supported');
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const label = operation.name?.value ?? operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '…')).join(',');
  const walk: Walk = { vars, fragments, unknown: unknown(label) };
  const root = roots[operation.operation];
  if (operation.operation === 'mutation') {
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind === Kind.FIELD && !Object.hasOwn(root, selection.name.value)) {
        return { ...failure(400, `mutation ${selection.name.value} is not implemented by this server`), operation: label };
      }
    }
  }
  try {
    return { data: await select(root, operation.selectionSet, walk, operation.operation), status: 200, operation: label };
  } catch (error) {
    if (error instanceof RequestError) return { ...failure(error instanceof AccessError ? 403 : 400, error.message), operation: label };
    throw error;
  }
}

function failure(status: number, message: string): Execution {
  return { errors: [{ message }], status };
}

async function select(value: unknown, set: SelectionSetNode, walk: Walk, path: string): Promise<unknown> {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return Promise.all(value.map((item) => select(item, set, walk, path)));
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const selection of set.selections) {
    if (!included(selection, walk.vars)) continue;
    if (selection.kind === Kind.FIELD) {
      out[selection.alias?.value ?? selection.name.value] = await field(value as Record<string, Resolver>, selection, walk, path);
    } else {
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : walk.fragments.get(selection.name.value)?.selectionSet;
      if (!inner) throw new RequestError(`unknown fragment ${selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : ''}`);
      Object.assign(out, await select(value, inner, walk, path));
    }
  }
  return out;
}

/** `@include(if:)` and `@skip(if:)`, which the clients use to leave out fields an old server lacks. */
function included(selection: SelectionNode, vars: Args): boolean {
  for (const directive of selection.directives ?? []) {
    const condition = directive.arguments?.find((a) => a.name.value === 'if');
    const value = condition ? Boolean(valueFromASTUntyped(condition.value, vars)) : undefined;
    if (directive.name.value === 'include' && value === false) return false;
    if (directive.name.value === 'skip' && value === true) return false;
  }
  return true;
}

async function field(object: Record<string, Resolver>, node: FieldNode, walk: Walk, parent: string): Promise<unknown> {
  const args: Args = {};
  for (const arg of node.arguments ?? []) args[arg.name.value] = valueFromASTUntyped(arg.value, walk.vars);
  const name = node.name.value;
  const path = `${parent}.${name}`;
  if (!Object.hasOwn(object, name)) {
    if (name !== '__typename') walk.unknown(path);
    return null;
  }
  let value = object[name];
  if (typeof value === 'function') value = await (value as (args: Args) => unknown)(args);
  if (value === undefined) return null;
  return node.selectionSet ? select(value, node.selectionSet, walk, path) : value;
}

/** `__type(name)` answers: the fields we resolve on each object type, the fields we read of each input type. */
export function introspection(types: Record<string, string[]>, inputTypes: Record<string, string[]> = {}): (args: Args) => unknown {
  return ({ name }) => {
    const fields = types[String(name)];
    if (fields) return { name, kind: 'OBJECT', fields: fields.map((f) => ({ name: f, args: [] })), inputFields: null };
    const inputFields = inputTypes[String(name)];
    return inputFields && { name, kind: 'INPUT_OBJECT', fields: null, inputFields: inputFields.map((f) => ({ name: f })) };
  };
}
