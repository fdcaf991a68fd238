import type { EventEnvelope } from '@ehr/contracts';
import { ConcurrencyError } from '../event-store/event-store.js';
import { NotYetKnown } from './not-yet-known.js';
import { classifyFailure, idsIn, orderKeyOf } from './waiting-room.js';

const orderId = '0199a0c4-1111-7000-8000-000000000001';
const encounterId = '0199a0c4-2222-7000-8000-000000000002';
const envelope = (over: Partial<EventEnvelope>): EventEnvelope =>
  ({
    eventId: '0199a0c4-3333-7000-8000-000000000003',
    type: 'orders.order.placed',
    schemaVersion: 1,
    streamId: `order-${orderId}`,
    streamVersion: 1,
    occurredAt: '2026-12-07T10:00:00.000Z',
    recordedAt: '2026-12-07T10:00:00.000Z',
    patientId: 'patient-1',
    encounterId,
    actor: { id: 'u1', role: 'physician' },
    correlationId: 'c1',
    causationId: null,
    traceparent: null,
    data: { orderId, encounterId, details: { kind: 'lab' }, priority: 'routine' },
    ...over,
  }) as EventEnvelope;

describe('what a failed attempt means', () => {
  it('waits for what is not known yet, retries conflicts and a database away, counts anything else', () => {
    expect(classifyFailure(new NotYetKnown('order', orderId))).toBe('not-yet-known');
    expect(classifyFailure(new ConcurrencyError(`account-1`, 3, 4))).toBe('retry');
    expect(classifyFailure(Object.assign(new Error('could not serialize access'), { code: '40001' }))).toBe('retry');
    expect(classifyFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('retry');
    expect(classifyFailure(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe('failure');
    expect(classifyFailure(new Error(`order ${orderId} is not known yet`))).toBe('failure');
  });
});

describe('what an applied event makes known', () => {
  it('names its stream, the UUID in the stream id, encounter, patient and the ids in its data', () => {
    const ids = idsIn(envelope({}));
    expect(ids).toEqual(expect.arrayContaining([`order-${orderId}`, orderId, encounterId, 'patient-1', 'routine']));
    expect(ids).not.toContain('lab');
  });

  it('keeps one patient in one queue, and an event without a patient in its stream', () => {
    expect(orderKeyOf(envelope({}))).toBe('patient-1');
    expect(orderKeyOf(envelope({ patientId: null }))).toBe(`order-${orderId}`);
  });
});
