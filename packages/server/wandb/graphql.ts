// A lenient GraphQL executor: the query is parsed by graphql-js, then its selection set is walked
// over plain objects. A selected field we do not know resolves to null instead of failing, and
// input fields we do not know are simply ignored, because the real clients send many variants
// across versions. Field values may be functions of the field's arguments.
import { GraphQLError, Kind, parse, valueFromASTUntyped, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';
import { RequestError } from '../errors.ts';

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
}

/** Runs one operation; a RequestError thrown by a resolver propagates to the caller. */
export async function execute(body: unknown, roots: Roots): Promise<Execution> {
  if (typeof body !== 'object' || body === null || typeof (body as Args).query !== 'string') {
    return failure(400, 'expected a JSON body {"query": "...", "variables": {...}}');
  }
  const { query, variables, operationName } = body as { query: string; variables?: unknown; operationName?: unknown };
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return failure(400, `malformed GraphQL: ${(error as GraphQLError).message}`);
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = typeof operationName === 'string' ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return failure(400, operations.length === 0 ? 'no operation in the query' : 'several operations: name the one to run in operationName');
  if (operation.operation === 'subscription') return failure(400, 'subscriptions are not supported');
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const vars = (typeof variables === 'object' && variables !== null ? variables : {}) as Args;
  const data = await select(roots[operation.operation], operation.selectionSet, vars, fragments);
  return { data, status: 200 };
}

function failure(status: number, message: string): Execution {
  return { errors: [{ message }], status };
}

async function select(value: unknown, set: SelectionSetNode, vars: Args, fragments: Map<string, FragmentDefinitionNode>): Promise<unknown> {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return Promise.all(value.map((item) => select(item, set, vars, fragments)));
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const selection of set.selections) {
    if (!included(selection, vars)) continue;
    if (selection.kind === Kind.FIELD) {
      out[selection.alias?.value ?? selection.name.value] = await field(value as Record<string, Resolver>, selection, vars, fragments);
    } else {
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
      if (!inner) throw new RequestError(`unknown fragment ${selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : ''}`);
      Object.assign(out, await select(value, inner, vars, fragments));
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

async function field(object: Record<string, Resolver>, node: FieldNode, vars: Args, fragments: Map<string, FragmentDefinitionNode>): Promise<unknown> {
  const args: Args = {};
  for (const arg of node.arguments ?? []) args[arg.name.value] = valueFromASTUntyped(arg.value, vars);
  let value = Object.hasOwn(object, node.name.value) ? object[node.name.value] : undefined;
  if (typeof value === 'function') value = await (value as (args: Args) => unknown)(args);
  if (value === undefined) return null;
  return node.selectionSet ? select(value, node.selectionSet, vars, fragments) : value;
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
