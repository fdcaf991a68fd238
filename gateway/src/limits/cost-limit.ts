import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLNamedType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface CostLimitOptions {
  /** The most an operation may cost: one point per field, times the size of every list it sits in. */
  readonly maxCost: number;
  /** How many items a list is assumed to hold when the query does not say (`first` / `limit`). */
  readonly assumedListSize: number;
}

const sizeArguments = new Set(['first', 'last', 'limit']);

/**
 * Refuses operations whose estimated cost is above the limit. Depth alone lets a shallow query
 * fan out: a hundred aliased searches, or lists inside lists. Every field costs one point and
 * what sits under a list costs once per item the list is expected to hold.
 */
export function costLimit({ maxCost, assumedListSize }: CostLimitOptions) {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = new Map<string, FragmentDefinitionNode>(
      context.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );

    const listSize = (field: FieldNode): number => {
      const sized = field.arguments?.find((a) => sizeArguments.has(a.name.value) && a.value.kind === Kind.INT);
      return sized && sized.value.kind === Kind.INT ? Math.max(1, Number(sized.value.value)) : assumedListSize;
    };

    const costOf = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined, seen: ReadonlySet<string>): number => {
      if (!set) return 0;
      let total = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
          const multiplier = definition && isListType(getNullableType(definition.type)) ? listSize(selection) : 1;
          total += multiplier * (1 + costOf(selection.selectionSet, definition ? getNamedType(definition.type) : undefined, seen));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          total += costOf(selection.selectionSet, condition ?? undefined, seen);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || seen.has(name)) continue;
          total += costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, new Set([...seen, name]));
        }
      }
      return total;
    };

    return {
      OperationDefinition(node) {
        const root = node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        const cost = costOf(node.selectionSet, root ?? undefined, new Set());
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
