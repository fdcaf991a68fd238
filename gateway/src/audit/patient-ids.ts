import { Kind, type OperationDefinitionNode, type ValueNode } from 'graphql';

/** Root fields that take or return patients, by the argument that names one. */
const patientFields = new Set(['patient', 'patients', 'patientByMrn', 'searchPatients']);

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
 * The patients an operation touched: those its root fields name (a `patientId` argument, or
 * the `id` of a patient looked up), and every patient the response returned (`patientId`
 * fields anywhere, `id` of objects under patient-bearing fields).
 */
export function patientIdsIn(operation: OperationDefinitionNode | undefined, variables: Record<string, unknown> | undefined, data: unknown): string[] {
  const ids = new Set<string>();
  const walk = (value: unknown, underPatient: boolean) => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, underPatient));
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'patientId' && typeof v === 'string') ids.add(v);
      else if (key === 'id' && underPatient && typeof v === 'string') ids.add(v);
      else walk(v, patientFields.has(key));
    }
  };
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    const args = Object.fromEntries((selection.arguments ?? []).map((a) => [a.name.value, valueOf(a.value, variables ?? {})]));
    walk(args, patientFields.has(selection.name.value));
  }
  walk(data, false);
  return [...ids];
}
