import { type FragmentDefinitionNode, Kind, type ValidationContext } from 'graphql';

/**
 * A per-fragment memo for the query limits: each named fragment is measured once however often
 * it is spread, so a document whose fragments double at every level is measured in time linear
 * in its size instead of exponential (a 1 KB "fragment bomb"). A fragment that spreads itself
 * counts as nothing here; NoFragmentCycles refuses it anyway.
 */
export function fragmentMemo<T>(context: ValidationContext, measure: (fragment: FragmentDefinitionNode) => T) {
  const fragments = new Map<string, FragmentDefinitionNode>(
    context.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const measured = new Map<string, T>();
  const inProgress = new Set<string>();
  const spread = (name: string): T | undefined => {
    const known = measured.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return undefined;
    inProgress.add(name);
    const value = measure(fragment);
    inProgress.delete(name);
    measured.set(name, value);
    return value;
  };
  return spread;
}
