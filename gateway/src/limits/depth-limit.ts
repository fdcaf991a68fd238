import { type ASTVisitor, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql';
import { fragmentMemo } from './fragment-walk.js';

/**
 * Refuses operations nested deeper than `max` fields (fragments followed, each measured once):
 * one deep query can otherwise fan out across every subgraph of the patient record.
 */
export function depthLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const depthOf = (set: SelectionSetNode | undefined): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet));
        } else {
          deepest = Math.max(deepest, fragmentDepth(selection.name.value) ?? 0);
        }
      }
      return deepest;
    };
    const fragmentDepth = fragmentMemo(context, (fragment) => depthOf(fragment.selectionSet));
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet);
        if (depth > max) {
          context.reportError(new GraphQLError(`the query is ${depth} fields deep; the limit is ${max}. Ask for less at once.`, { nodes: [node], extensions: { depth, maxDepth: max } }));
        }
      },
    };
  };
}
