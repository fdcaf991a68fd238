import { z } from 'zod';
import { defineEvent, EventContractError, EventRegistry } from './registry.js';
import type { EventEnvelope } from './envelope.js';

// A v1 event stored a single "name"; v2 splits it into family and given names.
const patientRegisteredV2 = defineEvent({
  type: 'test.patient.registered',
  schemaVersion: 2,
  description: 'A patient was registered.',
  schema: z.object({ familyName: z.string(), givenNames: z.array(z.string()) }),
  upcasters: [
    {
      fromVersion: 1,
      up: (data) => {
        const { name } = z.object({ name: z.string() }).parse(data);
        const [family = '', ...given] = name.split(' ').reverse();
        return { familyName: family, givenNames: given.reverse() };
      },
    },
  ],
});

const stored = (schemaVersion: number, data: unknown): EventEnvelope => ({
  eventId: '0192f1a0-0000-7000-8000-000000000001',
  type: 'test.patient.registered',
  schemaVersion,
  streamId: 'patient-1',
  streamVersion: 1,
  occurredAt: '2026-03-08T07:00:00Z',
  recordedAt: '2026-03-08T07:00:01Z',
  patientId: 'p1',
  encounterId: null,
  actor: { id: 'u1', role: 'registrar' },
  correlationId: 'c1',
  causationId: null,
  traceparent: null,
  data,
});

describe('event registry', () => {
  const registry = new EventRegistry([patientRegisteredV2]);

  it('loads a v1 event as v2 through its upcaster', () => {
    const event = registry.upcast(stored(1, { name: 'Ada King Lovelace' }));
    expect(event.schemaVersion).toBe(2);
    expect(event.data).toEqual({ familyName: 'Lovelace', givenNames: ['Ada', 'King'] });
  });

  it('passes a current event through unchanged', () => {
    const data = { familyName: 'Hopper', givenNames: ['Grace'] };
    expect(registry.upcast(stored(2, data)).data).toEqual(data);
  });

  it('refuses an event newer than the reader knows, naming the type', () => {
    expect(() => registry.upcast(stored(3, {}))).toThrow(/test.patient.registered: schema version 3 is newer/);
  });

  it('refuses data that does not match the schema, naming the field', () => {
    expect(() => registry.validateNew('test.patient.registered', { familyName: 7 })).toThrow(EventContractError);
    expect(() => registry.validateNew('test.patient.registered', { familyName: 7 })).toThrow(/familyName/);
  });

  it('refuses an unknown event type', () => {
    expect(() => registry.get('test.unknown.happened')).toThrow(/unknown event type/);
  });

  it('will not define a version without an upcaster for every older one', () => {
    expect(() =>
      defineEvent({ type: 'test.x.happened', schemaVersion: 2, description: 'x', schema: z.object({}) }),
    ).toThrow(/needs an upcaster from version 1/);
  });

  it('exports a JSON Schema for every event type', () => {
    const schemas = registry.jsonSchemas() as Record<string, { properties: Record<string, unknown>; 'x-schema-version': number }>;
    expect(Object.keys(schemas)).toEqual(['test.patient.registered']);
    expect(Object.keys(schemas['test.patient.registered']!.properties)).toEqual(['familyName', 'givenNames']);
    expect(schemas['test.patient.registered']!['x-schema-version']).toBe(2);
  });
});
