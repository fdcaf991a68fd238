import { eventCatalog } from './catalog.js';
import { EventRegistry } from './registry.js';

describe('the published event catalog', () => {
  const entries = Object.entries(eventCatalog).flatMap(([service, definitions]) => definitions.map((d) => ({ service, d })));

  it('names every event as a past-tense fact under its service', () => {
    for (const { service, d } of entries) {
      expect(d.type).toMatch(new RegExp(`^${service}\\.[a-z-]+\\.[a-z-]+$`));
      expect(d.type).not.toMatch(/\.(create|update|delete|set)$/);
      expect(d.description.length).toBeGreaterThan(10);
    }
  });

  it('gives every event type a JSON Schema, with no type defined twice', () => {
    for (const definitions of Object.values(eventCatalog)) {
      const schemas = new EventRegistry(definitions).jsonSchemas();
      expect(Object.keys(schemas)).toHaveLength(definitions.length);
    }
  });

  it('reads an administration stored before partial doses and overrides as a full dose of a verified order, its package count unknown', () => {
    const v1 = {
      doseId: 'd1',
      entryId: 'x1',
      orderId: 'o1',
      patientId: 'p1',
      amount: { value: 25, unit: 'mg' },
      route: 'oral',
      site: null,
      by: 'rn-1',
      at: '2026-05-04T09:03:00-04:00',
      verifiedBy: null,
      waste: null,
      timingVariance: null,
    };
    const envelope = {
      eventId: '0192f1a0-0000-7000-8000-000000000002',
      type: 'mar.dose.given',
      schemaVersion: 1,
      streamId: 'dose-d1',
      streamVersion: 3,
      occurredAt: '2026-05-04T13:03:00Z',
      recordedAt: '2026-05-04T13:03:01Z',
      patientId: 'p1',
      encounterId: null,
      actor: { id: 'rn-1', role: 'nurse' },
      correlationId: 'c1',
      causationId: null,
      traceparent: null,
      data: v1,
    };
    const read = new EventRegistry(eventCatalog.mar!).upcast(envelope);
    expect(read.schemaVersion).toBe(2);
    expect(read.data).toEqual({ ...v1, packages: null, partialDose: null, verificationOverride: null });
  });
});
