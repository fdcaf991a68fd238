import { z } from 'zod';
import type { EventEnvelope } from './envelope.js';

/** Turns the data of one schema version into the next version's shape. */
export interface Upcaster {
  readonly fromVersion: number;
  up(data: unknown): unknown;
}

export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  /** The version new events are written with. */
  readonly schemaVersion: number;
  readonly schema: TSchema;
  /** One upcaster per older version, each lifting it by one. */
  readonly upcasters: readonly Upcaster[];
  readonly description: string;
}

export function defineEvent<TType extends string, TSchema extends z.ZodType>(definition: {
  type: TType;
  schemaVersion?: number;
  schema: TSchema;
  upcasters?: Upcaster[];
  description: string;
}): EventDefinition<TType, TSchema> {
  const schemaVersion = definition.schemaVersion ?? 1;
  const upcasters = definition.upcasters ?? [];
  for (let v = 1; v < schemaVersion; v++) {
    if (!upcasters.some((u) => u.fromVersion === v)) {
      throw new Error(`${definition.type}: schema version ${schemaVersion} needs an upcaster from version ${v}`);
    }
  }
  return { type: definition.type, schemaVersion, schema: definition.schema, upcasters, description: definition.description };
}

export type EventData<D> = D extends EventDefinition<string, infer S> ? z.output<S> : never;

/** The `{ type, data }` union a decider works with, from a list of definitions. */
export type DomainEventOf<D> = D extends EventDefinition<infer T, infer S> ? { type: T; data: z.output<S> } : never;

/** Raised when an event's type is unknown or its data does not match its schema. */
export class EventContractError extends Error {
  constructor(
    readonly eventType: string,
    message: string,
  ) {
    super(`${eventType}: ${message}`);
    this.name = 'EventContractError';
  }
}

/** Every event type a reader understands, with the means to bring old versions up to date. */
export class EventRegistry {
  private readonly definitions = new Map<string, EventDefinition>();

  constructor(definitions: Iterable<EventDefinition> = []) {
    for (const d of definitions) this.register(d);
  }

  register(definition: EventDefinition): this {
    if (this.definitions.has(definition.type)) throw new Error(`event type ${definition.type} is registered twice`);
    this.definitions.set(definition.type, definition);
    return this;
  }

  has(type: string): boolean {
    return this.definitions.has(type);
  }

  get(type: string): EventDefinition {
    const d = this.definitions.get(type);
    if (!d) throw new EventContractError(type, 'unknown event type');
    return d;
  }

  all(): EventDefinition[] {
    return [...this.definitions.values()].sort((a, b) => a.type.localeCompare(b.type));
  }

  /** Validates data about to be written at the current schema version. */
  validateNew(type: string, data: unknown): unknown {
    const d = this.get(type);
    const parsed = d.schema.safeParse(data);
    if (!parsed.success) throw new EventContractError(type, z.prettifyError(parsed.error));
    return parsed.data;
  }

  /** Brings a stored event to the current schema version and validates it. */
  upcast<T extends EventEnvelope>(event: T): T {
    const d = this.get(event.type);
    if (event.schemaVersion > d.schemaVersion) {
      throw new EventContractError(event.type, `schema version ${event.schemaVersion} is newer than this reader knows (${d.schemaVersion})`);
    }
    let data = event.data;
    for (let v = event.schemaVersion; v < d.schemaVersion; v++) {
      const upcaster = d.upcasters.find((u) => u.fromVersion === v);
      if (!upcaster) throw new EventContractError(event.type, `no upcaster from version ${v}`);
      data = upcaster.up(data);
    }
    const parsed = d.schema.safeParse(data);
    if (!parsed.success) throw new EventContractError(event.type, z.prettifyError(parsed.error));
    return { ...event, schemaVersion: d.schemaVersion, data: parsed.data };
  }

  /** JSON Schema of every event type's data at its current version. */
  jsonSchemas(): Record<string, unknown> {
    return Object.fromEntries(
      this.all().map((d) => [
        d.type,
        { ...z.toJSONSchema(d.schema, { io: 'input' }), title: d.type, description: d.description, 'x-schema-version': d.schemaVersion },
      ]),
    );
  }
}
