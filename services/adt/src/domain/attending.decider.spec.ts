import { fold } from '@ehr/platform';
import { attendingDecider, type AttendingEvent } from './attending.decider.js';
import { demoProviders } from './providers.js';

const [osler, apgar] = demoProviders as [(typeof demoProviders)[0], (typeof demoProviders)[0]];
const assign = (attending: typeof osler, reason: string | null = null, dischargedAt: string | null = null) => ({
  type: 'AssignAttending' as const,
  encounterId: 'e1',
  patientId: 'p1',
  attending,
  at: '2026-03-02T13:00:00Z',
  reason,
  dischargedAt,
});

describe('attending physician', () => {
  it('is named at admission without a reason', () => {
    expect(attendingDecider.decide(assign(osler), attendingDecider.initialState)).toEqual([
      { type: 'adt.attending.assigned', data: { encounterId: 'e1', patientId: 'p1', attending: osler, previous: null, at: '2026-03-02T13:00:00Z', reason: null } },
    ]);
  });

  it('changes only with a reason, recording whom it replaces; the same physician again changes nothing', () => {
    const state = fold(attendingDecider, attendingDecider.decide(assign(osler), attendingDecider.initialState) as AttendingEvent[]);
    expect(() => attendingDecider.decide(assign(apgar, ' '), state)).toThrow('needs a reason to change the attending physician');
    expect(attendingDecider.decide(assign(apgar, 'service change'), state)[0]!.data).toMatchObject({ attending: apgar, previous: osler, reason: 'service change' });
    expect(attendingDecider.decide(assign(osler, 'again'), state)).toEqual([]);
  });

  it('refuses a change after discharge with a refusal naming the discharge, even to the physician already attending', () => {
    const state = fold(attendingDecider, attendingDecider.decide(assign(osler), attendingDecider.initialState) as AttendingEvent[]);
    for (const physician of [apgar, osler]) {
      expect(() => attendingDecider.decide(assign(physician, 'late hand-over', '2026-03-04T11:00:00Z'), state)).toThrow(
        expect.objectContaining({ code: 'ENCOUNTER_STATE', message: expect.stringContaining('was discharged at 2026-03-04T11:00:00Z, so its attending physician cannot be changed') }),
      );
    }
  });
});
