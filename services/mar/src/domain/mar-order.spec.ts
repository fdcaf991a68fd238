import type { MedicationOrderDetails } from '@ehr/contracts';
import { evolveMarOrder, type MarOrder, type OrderEvent, requireAdministrable } from './mar-order.js';

const zone = 'America/New_York';
const details: MedicationOrderDetails = {
  kind: 'medication',
  drugId: 'metoprolol-tartrate-25-tab',
  drugName: 'Metoprolol Tartrate 25 MG Oral Tablet',
  dose: { value: 25, unit: 'mg' },
  route: 'oral',
  frequency: { type: 'scheduled', code: 'BID', times: ['09:00', '21:00'] },
  timeCritical: false,
  highAlert: false,
  controlledSchedule: null,
  indication: 'hypertension',
  instructions: null,
};
const t = (time: string) => `2026-05-04T${time}:00-04:00`;
const placed = (d: Extract<OrderEvent, { type: 'orders.order.placed' }>['data']['details']): OrderEvent => ({
  type: 'orders.order.placed',
  data: { orderId: 'o1', patientId: 'p1', encounterId: 'e1', orderedBy: 'md-1', placedAt: t('08:00'), priority: 'routine', start: t('08:00'), stop: null, details: d },
});
const fold = (events: OrderEvent[]) => events.reduce<MarOrder | null>(evolveMarOrder, null);
const verified: OrderEvent = { type: 'orders.order.verified', data: { orderId: 'o1', by: 'rph-1', at: t('08:30') } };

describe("the eMAR's copy of an order", () => {
  it('keeps medication orders and ignores the rest', () => {
    expect(fold([placed(details)])).toMatchObject({ orderId: 'o1', status: 'active', verifiedAt: null, details });
    expect(fold([placed({ kind: 'nursing', instruction: 'daily weight' }), verified])).toBeNull();
  });

  it('follows verification, holds and resumes, and keeps every hold', () => {
    const order = fold([
      placed(details),
      verified,
      { type: 'orders.order.held', data: { orderId: 'o1', by: 'md-1', at: t('10:00'), reason: 'NPO' } },
      { type: 'orders.order.resumed', data: { orderId: 'o1', by: 'md-1', at: t('14:00') } },
      { type: 'orders.order.alert-overridden', data: { orderId: 'o1', alert: { kind: 'allergy', key: 'k', message: 'm' }, reason: 'will-monitor', comment: null, by: 'md-1', at: t('08:00') } },
    ])!;
    expect(order).toMatchObject({ status: 'active', verifiedAt: t('08:30'), holds: [{ from: t('10:00'), until: t('14:00'), reason: 'NPO' }] });
  });

  it('records how the order ended', () => {
    const ends: Array<[OrderEvent, MarOrder['ended']]> = [
      [{ type: 'orders.order.discontinued', data: { orderId: 'o1', cause: 'prescriber', by: 'md-1', at: t('09:02'), reason: 'changed' } }, { status: 'discontinued', at: t('09:02'), by: 'md-1', reason: 'changed' }],
      [{ type: 'orders.order.rejected', data: { orderId: 'o1', by: 'rph-1', at: t('09:02'), reason: 'dose' } }, { status: 'rejected', at: t('09:02'), by: 'rph-1', reason: 'dose' }],
      [{ type: 'orders.order.completed', data: { orderId: 'o1', by: 'rn-1', at: t('09:02') } }, { status: 'completed', at: t('09:02'), by: 'rn-1', reason: null }],
      [{ type: 'orders.order.expired', data: { orderId: 'o1', at: t('09:02') } }, { status: 'expired', at: t('09:02'), by: null, reason: null }],
    ];
    for (const [event, ended] of ends) expect(fold([placed(details), verified, event])).toMatchObject({ status: ended!.status, ended });
  });

  it('ignores events for an order it never saw placed', () => {
    expect(fold([verified])).toBeNull();
  });
});

describe('whether the order allows a dose now', () => {
  const order = fold([placed(details), verified])!;
  const refusal = (o: MarOrder, at: string) => {
    try {
      requireAdministrable(o, at, zone);
      return null;
    } catch (e) {
      return (e as { code: string; message: string });
    }
  };

  it('allows a verified, active order after its start', () => {
    expect(refusal(order, t('09:00'))).toBeNull();
  });

  it('names the ended state, when and by whom, in the facility clock', () => {
    const ended = (status: 'discontinued' | 'rejected' | 'completed' | 'expired') => ({ ...order, status, ended: { status, at: t('09:02'), by: 'Dr X', reason: null } });
    expect(refusal(ended('discontinued'), t('09:05'))).toMatchObject({ code: 'ORDER_DISCONTINUED', message: expect.stringMatching(/discontinued at 09:02 EDT by Dr X\./) });
    expect(refusal(ended('rejected'), t('09:05'))).toMatchObject({ code: 'ORDER_REJECTED' });
    expect(refusal(ended('completed'), t('09:05'))).toMatchObject({ code: 'ORDER_COMPLETED' });
    expect(refusal(ended('expired'), t('09:05'))).toMatchObject({ code: 'ORDER_EXPIRED' });
    expect(refusal(ended('discontinued'), t('09:01'))).toBeNull();
  });

  it('refuses during a hold and allows after it', () => {
    const held = { ...order, holds: [{ from: t('10:00'), until: t('14:00'), reason: 'NPO' }] };
    expect(refusal(held, t('13:00'))).toMatchObject({ code: 'ORDER_ON_HOLD' });
    expect(refusal(held, t('14:00'))).toBeNull();
  });

  it('refuses before the start and before pharmacist verification', () => {
    expect(refusal(order, t('07:59'))).toMatchObject({ code: 'ORDER_NOT_STARTED' });
    expect(refusal({ ...order, verifiedAt: null }, t('09:00'))).toMatchObject({ code: 'ORDER_NOT_VERIFIED' });
  });
});
