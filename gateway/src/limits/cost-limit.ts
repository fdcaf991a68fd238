import {
  type ASTVisitor,
  type FieldNode,
  getNamedType,
  getNullableType,
  type GraphQLNamedType,
  GraphQLError,
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
  /** How many items a list is assumed to hold when the query does not say (`first` / `limit`). */
  readonly assumedListSize: number;
  /**
   * Points charged on top for a field, by schema coordinate (`Query.census`): the aggregates
   * that read a whole unit or the whole registry. Every alias pays the weight again.
   */
  readonly weights?: Readonly<Record<string, number>>;
}

const sizeArguments = new Set(['first', 'last', 'limit']);

/**
 * Refuses operations whose estimated cost is above the limit. Depth alone lets a shallow query
 * fan out: a hundred aliased searches, or lists inside lists. Every field costs one point (plus
 * its weight) and what sits under a list costs once per item the list is expected to hold.
 * Each fragment is costed once (see fragmentMemo), so the estimate itself cannot be made slow.
 */
export function costLimit({ maxCost, assumedListSize, weights = {} }: CostLimitOptions) {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();

    const listSize = (field: FieldNode): number => {
      const sized = field.arguments?.find((a) => sizeArguments.has(a.name.value) && a.value.kind === Kind.INT);
      return sized && sized.value.kind === Kind.INT ? Math.max(1, Number(sized.value.value)) : assumedListSize;
    };

    const costOf = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined): number => {
      if (!set) return 0;
      let total = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
          const multiplier = definition && isListType(getNullableType(definition.type)) ? listSize(selection) : 1;
          const weight = (parent && weights[`${parent.name}.${selection.name.value}`]) ?? 0;
          total += weight + multiplier * (1 + costOf(selection.selectionSet, definition ? getNamedType(definition.type) : undefined));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          total += costOf(selection.selectionSet, condition ?? undefined);
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
