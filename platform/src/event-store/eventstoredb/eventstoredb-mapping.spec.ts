import { ANY, NO_STREAM } from '@kurrent/kurrentdb-client';
import type { Checkpoint } from '../event-store.js';
import { decodePosition, encodePosition, fromStoredEvent, toEventData, toStreamState } from './eventstoredb-mapping.js';

describe('EventStoreDB mapping', () => {
  it('maps expected versions to stream states (our versions start at 1, revisions at 0)', () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no-stream')).toBe(NO_STREAM);
    expect(toStreamState(3)).toBe(2n);
    expect(() => toStreamState(0)).toThrow(/not a stream version/);
  });

  it('round-trips a checkpoint and refuses a foreign one', () => {
    const position = { commit: 1234567890123n, prepare: 1234567890000n };
    expect(decodePosition(encodePosition(position))).toEqual(position);
    expect(() => decodePosition('123/456' as Checkpoint)).toThrow(/not an EventStoreDB checkpoint/);
  });

  it('keeps the whole envelope through metadata', () => {
    const data = toEventData(
      {
        type: 'adt.encounter.admitted',
        schemaVersion: 2,
        data: { encounterId: 'e1' },
        metadata: { patientId: 'p1', encounterId: 'e1', actor: { id: 'n1', role: 'nurse' }, correlationId: 'c1', traceparent: '00-abc-def-01', occurredAt: '2026-03-02T08:00:00.000Z', extra: { idempotencyKey: 'k' } },
      },
      '0192f1a0-0000-7000-8000-000000000001',
      '2026-03-02T08:01:00.000Z',
    );
    const recorded = fromStoredEvent({
      streamId: 'encounter-e1',
      id: data.id,
      revision: 0n,
      type: data.type,
      created: new Date('2026-03-02T08:01:00.000Z'),
      data: data.data,
      metadata: data.metadata,
      position: { commit: 10n, prepare: 10n },
    });
    expect(recorded).toEqual({
      eventId: '0192f1a0-0000-7000-8000-000000000001',
      type: 'adt.encounter.admitted',
      schemaVersion: 2,
      streamId: 'encounter-e1',
      streamVersion: 1,
      occurredAt: '2026-03-02T08:00:00.000Z',
      recordedAt: '2026-03-02T08:01:00.000Z',
      patientId: 'p1',
      encounterId: 'e1',
      actor: { id: 'n1', role: 'nurse' },
      correlationId: 'c1',
      causationId: null,
      traceparent: '00-abc-def-01',
      data: { encounterId: 'e1' },
      checkpoint: 'esdb:10/10',
      extra: { idempotencyKey: 'k' },
    });
  });

  it('refuses an event without envelope metadata, naming it', () => {
    expect(() => fromStoredEvent({ streamId: 's', id: 'x', revision: 0n, type: 't', created: new Date(), data: {}, metadata: undefined })).toThrow(/event x in s was not written by this store/);
  });
});
