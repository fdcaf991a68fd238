import {
  type ASTVisitor,
  type FieldNode,
  type GraphQLField,
  getNamedType,
  getNullableType,
  type GraphQLNamedType,
  GraphQLError,
  type GraphQLObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { fragmentMemo } from './fragment-walk.js';

export interface CostLimitOptions {
  /** The most an operation may cost: one point per field, times the size of every list it sits in. */
  readonly maxCost: number;
  /** How many items a plain list is assumed to hold when the query does not say (`first` / `limit`). */
  readonly assumedListSize: number;
  /**
   * The most items a connection's page may hold. A larger literal `first` is refused here, before
   * anything runs; a `first` given by a variable (unknown until execution) is costed at this size.
   */
  readonly maxPageSize: number;
  /**
   * Points charged on top for a field, by schema coordinate (`Query.census`): the aggregates
   * that read a whole unit or the whole registry. Every alias pays the weight again.
   */
  readonly weights?: Readonly<Record<string, number>>;
}

const sizeArguments = new Set(['first', 'last', 'limit']);

/** A Relay connection: an object with pageInfo and its items under edges or nodes. */
const isConnection = (type: GraphQLNamedType | undefined): type is GraphQLObjectType => isObjectType(type) && 'pageInfo' in type.getFields();
const itemFields = new Set(['edges', 'nodes']);

/**
 * Refuses operations whose estimated cost is above the limit. Depth alone lets a shallow query
 * fan out: a hundred aliased searches, or lists inside lists. Every field costs one point (plus
 * its weight) and what sits under a list costs once per item the list is expected to hold: a
 * connection's page (its `first`, or the schema's default), a plain list's `first`/`limit` or the assumption.
 * Each fragment is costed once (see fragmentMemo), so the estimate itself cannot be made slow.
 */
export function costLimit({ maxCost, assumedListSize, maxPageSize, weights = {} }: CostLimitOptions) {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();

    /** A connection's page: the literal `first`, the largest page for a variable, else the schema's default. */
    const pageSize = (field: FieldNode, definition: GraphQLField<unknown, unknown>): number => {
      const first = field.arguments?.find((a) => a.name.value === 'first');
      if (first?.value.kind === Kind.INT) {
        const asked = Number(first.value.value);
        if (asked > maxPageSize) {
          context.reportError(new GraphQLError(`first asks for ${asked} items; a page holds at most ${maxPageSize}. Ask for the next page with after: pageInfo.endCursor.`, { nodes: [first], extensions: { field: 'first' } }));
        }
        return Math.max(1, asked);
      }
      if (first) return maxPageSize;
      const declared = definition.args.find((a) => a.name === 'first')?.defaultValue;
      return typeof declared === 'number' ? declared : maxPageSize;
    };

    const listSize = (field: FieldNode): number => {
      const sized = field.arguments?.find((a) => sizeArguments.has(a.name.value) && a.value.kind === Kind.INT);
      return sized && sized.value.kind === Kind.INT ? Math.max(1, Number(sized.value.value)) : assumedListSize;
    };

    /**
     * `page` is the size of the connection the selection set belongs to, if it is one: its edges
     * and nodes are a list of that many items. A fragment on a connection type is costed at the
     * largest page, being costed once for every place it is spread in.
     */
    const costOf = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined, page?: number): number => {
      if (!set) return 0;
      let total = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
          const type = definition ? getNamedType(definition.type) : undefined;
          const inPage = isConnection(parent) && itemFields.has(selection.name.value);
          const multiplier = inPage ? (page ?? maxPageSize) : definition && isListType(getNullableType(definition.type)) ? listSize(selection) : 1;
          const weight = (parent && weights[`${parent.name}.${selection.name.value}`]) ?? 0;
          const size = definition && isConnection(type) ? pageSize(selection, definition) : undefined;
          total += weight + multiplier * (1 + costOf(selection.selectionSet, type, size));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          total += costOf(selection.selectionSet, condition ?? undefined, page);
        } else {
          total += fragmentCost(selection.name.value) ?? 0;
        }
      }
      return total;
    };
    const fragmentCost = fragmentMemo(context, (fragment) => costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined));

    return {
      OperationDefinition(node) {
        const root = node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        const cost = costOf(node.selectionSet, root ?? undefined);
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`the query would cost about ${cost} points; the limit is ${maxCost}. Ask for fewer fields, fewer aliases, or smaller pages (first/limit).`, {
              nodes: [node],
              extensions: { cost, maxCost },
            }),
          );
        }
      },
    };
  };
}
