import { Kind, type OperationDefinitionNode, type ValueNode } from 'graphql';

/** Root fields whose `id` argument is a patient's. */
const patientLookups = new Set(['patient']);
/** An argument that names a patient: `patientId`, or one ending in `PatientId` (survivorPatientId). */
const namesPatient = (name: string) => name === 'patientId' || name.endsWith('PatientId');

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.STRING:
      return node.value;
    case Kind.LIST:
      return node.values.map((v) => valueOf(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, valueOf(f.value, variables)]));
    default:
      return null;
  }
}

/**
 * The patients an operation's root fields name in their arguments (a `patientId`, anywhere in
 * the input, or the `id` of a patient lookup): what a refused attempt was after, when nothing
 * came back to read them from.
 */
export function patientIdsNamedBy(operation: OperationDefinitionNode | undefined, variables: Record<string, unknown> | undefined): string[] {
  const ids = new Set<string>();
  const walk = (value: unknown, isPatient: boolean) => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, isPatient));
    if (typeof value === 'string' && isPatient) ids.add(value);
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) walk(v, namesPatient(key));
  };
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    for (const argument of selection.arguments ?? []) {
      const value = valueOf(argument.value, variables ?? {});
      walk(value, namesPatient(argument.name.value) || (argument.name.value === 'id' && patientLookups.has(selection.name.value)));
    }
  }
  return [...ids];
}
