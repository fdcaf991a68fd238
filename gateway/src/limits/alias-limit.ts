import { type ASTVisitor, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql';
import { fragmentMemo } from './fragment-walk.js';

/**
 * Refuses operations with more than `max` aliases, fragments expanded (each counted once per
 * spread, measured once): aliases are how one request asks for the same expensive read many times.
 */
export function aliasLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const aliasesIn = (set: SelectionSetNode | undefined): number => {
      if (!set) return 0;
      let count = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) count += (selection.alias ? 1 : 0) + aliasesIn(selection.selectionSet);
        else if (selection.kind === Kind.INLINE_FRAGMENT) count += aliasesIn(selection.selectionSet);
        else count += fragmentAliases(selection.name.value) ?? 0;
      }
      return count;
    };
    const fragmentAliases = fragmentMemo(context, (fragment) => aliasesIn(fragment.selectionSet));
    return {
      OperationDefinition(node) {
        const aliases = aliasesIn(node.selectionSet);
        if (aliases > max) {
          context.reportError(new GraphQLError(`the query uses ${aliases} aliases; the limit is ${max}. Ask for each thing once.`, { nodes: [node], extensions: { aliases, maxAliases: max } }));
        }
      },
    };
  };
}
