// What a GraphQL document must be before it is executed: parsed within a size and token budget,
// valid by the standard rules that need no schema (no fragment cycles, known fragments, unique
// names, defined variables), and bounded after fragment expansion (depth, aliases, fields, cost).
// Without these one request can make the executor expand fragments until the heap is gone.
// The limits are far above what the wandb clients send (docs/security.md gives both).
import {
  ExecutableDefinitionsRule, GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString, Kind, KnownFragmentNamesRule, LoneAnonymousOperationRule,
  NoFragmentCyclesRule, NoUndefinedVariablesRule, NoUnusedFragmentsRule, NoUnusedVariablesRule, UniqueArgumentNamesRule, UniqueDirectivesPerLocationRule,
  UniqueFragmentNamesRule, UniqueInputFieldNamesRule, UniqueOperationNamesRule, UniqueVariableNamesRule, parse, valueFromASTUntyped, validate,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode,
} from 'graphql';

export const GRAPHQL_LIMITS = {
  /** UTF-8 bytes of the query text. */
  bytes: 256 * 1024,
  /** Lexical tokens, checked while parsing. */
  tokens: 50_000,
  /** Brackets (`{`, `[`, `(`) open at once, checked before parsing: the parser recurses on each. */
  nesting: 64,
  /** Nested selection sets, fragments expanded. */
  depth: 32,
  /** Aliased fields, fragments expanded. */
  aliases: 200,
  /** Fields, fragments expanded. */
  fields: 10_000,
  /** Fields, each weighted by the `first` (capped at 1000, as connections cap it) of every field it sits in. */
  cost: 1_000_000,
};

const RULES = [
  ExecutableDefinitionsRule, UniqueOperationNamesRule, LoneAnonymousOperationRule, KnownFragmentNamesRule, NoFragmentCyclesRule, UniqueFragmentNamesRule,
  NoUnusedFragmentsRule, UniqueVariableNamesRule, NoUndefinedVariablesRule, NoUnusedVariablesRule, UniqueArgumentNamesRule, UniqueInputFieldNamesRule,
  UniqueDirectivesPerLocationRule,
];
/** graphql-js validates against a schema; these rules look only at the document, so a placeholder does. */
const PLACEHOLDER = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { placeholder: { type: GraphQLString } } }) });
/** The largest page a connection returns (wandb/connection.ts). */
const MAX_PAGE = 1000;

interface Measure {
  depth: number;
  aliases: number;
  fields: number;
  cost: number;
}

/** The parsed document, or why it is refused (each problem named). */
export function checkedDocument(query: string, variables: Record<string, unknown>): DocumentNode | string {
  const bytes = Buffer.byteLength(query);
  if (bytes > GRAPHQL_LIMITS.bytes) return `GraphQL document too large: ${bytes} bytes, at most ${GRAPHQL_LIMITS.bytes}`;
  const nesting = bracketNesting(query);
  if (nesting > GRAPHQL_LIMITS.nesting) return `GraphQL document nested too deeply: ${nesting} brackets open at once, at most ${GRAPHQL_LIMITS.nesting}`;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: GRAPHQL_LIMITS.tokens });
  } catch (error) {
    return `malformed GraphQL: ${(error as GraphQLError).message}`;
  }
  const errors = validate(PLACEHOLDER, document, RULES, { maxErrors: 10 });
  if (errors.length > 0) return `invalid GraphQL: ${errors.map((e) => e.message).join('; ')}`;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const measured = new Map<SelectionSetNode, Measure>();
  const measure = (set: SelectionSetNode): Measure => {
    const known = measured.get(set);
    if (known) return known;
    const total: Measure = { depth: 1, aliases: 0, fields: 0, cost: 0 };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const inner = selection.selectionSet ? measure(selection.selectionSet) : { depth: 0, aliases: 0, fields: 0, cost: 0 };
        total.depth = Math.max(total.depth, inner.depth + 1);
        total.aliases += inner.aliases + (selection.alias ? 1 : 0);
        total.fields += inner.fields + 1;
        total.cost += 1 + pageSize(selection, variables) * inner.cost;
      } else {
        // Fragments are acyclic once validated, so this recursion ends; each set is measured once.
        const inner = measure(selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)!.selectionSet);
        total.depth = Math.max(total.depth, inner.depth);
        total.aliases += inner.aliases;
        total.fields += inner.fields;
        total.cost += inner.cost;
      }
    }
    measured.set(set, total);
    return total;
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const size = measure(definition.selectionSet);
    for (const limit of ['depth', 'aliases', 'fields', 'cost'] as const) {
      if (size[limit] > GRAPHQL_LIMITS[limit]) {
        return `GraphQL operation ${definition.name?.value ?? '(anonymous)'} too large: ${limit} ${size[limit]}, at most ${GRAPHQL_LIMITS[limit]} (fragments expanded)`;
      }
    }
  }
  return document;
}

/** The most brackets open at once outside strings and comments (an unbalanced document fails to parse later). */
function bracketNesting(query: string): number {
  let open = 0;
  let most = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '#') {
      while (i < query.length && query[i] !== '\n' && query[i] !== '\r') i++;
    } else if (query.startsWith('"""', i)) {
      i += 3;
      while (i < query.length && !query.startsWith('"""', i)) i += query.startsWith('\\"""', i) ? 4 : 1;
      i += 2;
    } else if (c === '"') {
      for (i++; i < query.length && query[i] !== '"' && query[i] !== '\n'; i++) if (query[i] === '\\') i++;
    } else if (c === '{' || c === '[' || c === '(') {
      most = Math.max(most, ++open);
    } else if (c === '}' || c === ']' || c === ')') {
      open--;
    }
  }
  return most;
}

function pageSize(field: FieldNode, variables: Record<string, unknown>): number {
  const first = field.arguments?.find((a) => a.name.value === 'first');
  const value = first ? valueFromASTUntyped(first.value, variables) : undefined;
  return typeof value === 'number' && value > 1 ? Math.min(Math.ceil(value), MAX_PAGE) : 1;
}
