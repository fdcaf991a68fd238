import { randomBytes } from 'node:crypto';
import { decideAccess, type Requester } from '@ehr/contracts';
import {
  type DocumentNode,
  type FieldNode,
  getNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** A field that names a patient: `patientId`, or one ending in `PatientId` (survivorPatientId). */
const namesPatient = (field: string) => field === 'patientId' || field.endsWith('PatientId');

const field = (alias: string, name: string, selectionSet?: SelectionSetNode): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: alias },
  name: { kind: Kind.NAME, value: name },
  ...(selectionSet ? { selectionSet } : {}),
});
const set = (selections: readonly SelectionNode[]): SelectionSetNode => ({ kind: Kind.SELECTION_SET, selections });

/**
 * Finds the patients in what an operation returned, whatever the query selected. Before the
 * operation runs, every selection set of a patient-bearing type gets the fields that identify
 * the patient, under a private alias: a Patient's `id`, any `patientId`, or, for a type with
 * neither (a command's result such as EncounterChanged), the patient of a field one step away.
 * After it ran, those fields are read out of the answer and removed, so the client gets exactly
 * what it asked for and the audit gets every patient whose data left the gateway. Only fields the
 * requester may read are added: a refused one would answer FORBIDDEN on a field the client never
 * asked for (an admin's bed board asks for beds, not for who lies in them), and what is refused
 * does not leave the gateway.
 */
export class ReturnedPatients {
  /** Unguessable per process, so no client alias can collide with or imitate it. */
  private readonly marker = `audit${randomBytes(6).toString('hex')}`;
  private readonly selections = new WeakMap<GraphQLObjectType, Map<string, readonly SelectionNode[]>>();
  private readonly instrumented = new WeakMap<GraphQLSchema, Map<string, Instrumented>>();

  /** The document to execute for this requester instead, and the schema coordinates (Type.field) it reads. */
  instrument(schema: GraphQLSchema, document: DocumentNode, cacheKey: string, requester: Requester): Instrumented {
    let bySchema = this.instrumented.get(schema);
    if (!bySchema) this.instrumented.set(schema, (bySchema = new Map()));
    const who = `${requester.role}|${requester.scopes ? [...requester.scopes].sort().join(' ') : '-'}`;
    const key = `${who}|${cacheKey}`;
    const known = bySchema.get(key);
    if (known) return known;
    const readable = (type: GraphQLObjectType, name: string) => decideAccess(requester, type.name, name).allowed;
    const patientSelections = (type: GraphQLObjectType) => this.patientSelections(type, 1, readable, who);

    const coordinates = new Set<string>();
    const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
    const typeInfo = new TypeInfo(schema);
    const instrumented = visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field: (node) => {
          const parent = typeInfo.getParentType();
          if (parent && !node.name.value.startsWith('__')) coordinates.add(`${parent.name}.${node.name.value}`);
        },
        SelectionSet: {
          leave: (node) => {
            const parent = typeInfo.getParentType();
            if (!parent || roots.has(parent as GraphQLObjectType)) return undefined;
            const extra = isObjectType(parent)
              ? patientSelections(parent)
              : isAbstractType(parent)
                ? schema.getPossibleTypes(parent).flatMap((type): InlineFragmentNode[] => {
                    const selections = patientSelections(type);
                    return selections.length === 0 ? [] : [{ kind: Kind.INLINE_FRAGMENT, typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type.name } }, selectionSet: set(selections) }];
                  })
                : [];
            return extra.length === 0 ? undefined : { ...node, selections: [...node.selections, ...extra] };
          },
        },
      }),
    );
    const rootNames = new Set([...roots].map((r) => r!.name));
    const rootFields = [...coordinates].filter((c) => rootNames.has(c.slice(0, c.indexOf('.')))).map((c) => c.slice(c.indexOf('.') + 1));
    const result = { document: instrumented, coordinates: [...coordinates].sort(), rootFields };
    if (bySchema.size >= 1000) bySchema.clear();
    bySchema.set(key, result);
    return result;
  }

  /** Reads the patient ids out of an answer and removes the fields `instrument` added. */
  collect(data: unknown): string[] {
    const ids = new Set<string>();
    const walk = (value: unknown, collecting: boolean) => {
      if (Array.isArray(value)) return value.forEach((v) => walk(v, collecting));
      if (typeof value === 'string' && collecting) ids.add(value);
      if (!value || typeof value !== 'object') return;
      const object = value as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        if (key.startsWith(this.marker)) {
          walk(object[key], true);
          delete object[key];
        } else walk(object[key], false);
      }
    };
    walk(data, false);
    return [...ids];
  }

  /** What identifies the patient of an object of this type that the requester may read, directly or one field away. */
  private patientSelections(type: GraphQLObjectType, hops: number, readable: (type: GraphQLObjectType, field: string) => boolean, who: string): readonly SelectionNode[] {
    let byRequester = this.selections.get(type);
    if (!byRequester) this.selections.set(type, (byRequester = new Map()));
    const known = hops === 1 ? byRequester.get(who) : undefined;
    if (known) return known;
    const fields = Object.values(type.getFields()).filter((f) => readable(type, f.name) && !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
    let selections: SelectionNode[] = [
      ...(type.name === 'Patient' && fields.some((f) => f.name === 'id') ? [field(`${this.marker}_id`, 'id')] : []),
      ...fields.filter((f) => namesPatient(f.name) && isLeafType(getNamedType(f.type))).map((f) => field(`${this.marker}_${f.name}`, f.name)),
    ];
    if (selections.length === 0 && hops > 0) {
      selections = fields.flatMap((f) => {
        const target = getNamedType(f.type);
        if (!isObjectType(target)) return [];
        const nested = this.patientSelections(target, hops - 1, readable, who);
        return nested.length === 0 ? [] : [field(`${this.marker}_${f.name}`, f.name, set(nested))];
      });
    }
    if (hops === 1) byRequester.set(who, selections);
    return selections;
  }
}

export interface Instrumented {
  readonly document: DocumentNode;
  readonly coordinates: readonly string[];
  /** The root fields read, fragments followed (Query.patient: patient). */
  readonly rootFields: readonly string[];
}
