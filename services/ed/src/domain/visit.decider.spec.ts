import type { DischargeDisposition, EdDisposition, EsiLevel, TriageVitalSigns } from '@ehr/contracts';
import type { DomainError } from '@ehr/platform';
import { specFor } from '@ehr/platform/testing';
import { DangerZonePromptError } from './ed-errors.js';
import { statusOf, type VisitCommand, visitDecider, type VisitEvent } from './visit.decider.js';

const spec = specFor(visitDecider);
const t = (hhmm: string) => `2026-03-02T${hhmm}:00Z`;
const visitId = 'v1';

const normalVitals: TriageVitalSigns = {
  heartRate: 82,
  respiratoryRate: 16,
  oxygenSaturation: 98,
  systolicPressure: 128,
  diastolicPressure: 78,
  temperatureCelsius: 37.1,
  painScore: 6,
};
const arrived: VisitEvent = { type: 'ed.visit.arrived', data: { visitId, patientId: 'p1', mode: 'walk-in', at: t('13:00') } };
const triaged = (esi: EsiLevel = 3): VisitEvent => ({
  type: 'ed.visit.triaged',
  data: { visitId, esi, chiefComplaint: 'abdominal pain', vitals: normalVitals, dangerZone: null, at: t('13:10') },
});
const roomed = (roomId = 'ED-05', at = '13:30'): VisitEvent => ({ type: 'ed.visit.roomed', data: { visitId, roomId, at: t(at) } });
const released = (roomId = 'ED-05', at = '13:30'): VisitEvent => ({ type: 'ed.visit.room-released', data: { visitId, roomId, at: t(at) } });
const providerAssigned = (providerId = 'md-1', at = '13:45'): VisitEvent => ({ type: 'ed.visit.provider-assigned', data: { visitId, providerId, at: t(at) } });
const admissionDecided = (source: 'bed-request' | 'admit-order' = 'bed-request', at = '14:00'): VisitEvent => ({
  type: 'ed.visit.admission-decided',
  data: { visitId, source, at: t(at) },
});
const dischargeDecided: VisitEvent = {
  type: 'ed.visit.discharge-decided',
  data: { visitId, disposition: 'discharged', dischargeStatus: '01', diagnosisCode: 'K35.80', at: t('15:00') },
};
const departed = (disposition: EdDisposition, dischargeStatus: DischargeDisposition, at = '16:00'): VisitEvent => ({
  type: 'ed.visit.departed',
  data: { visitId, disposition, dischargeStatus, at: t(at) },
});
const seen = [arrived, triaged(), roomed(), providerAssigned()];

const triage = (overrides: Partial<Extract<VisitCommand, { type: 'Triage' }>> = {}): VisitCommand => ({
  type: 'Triage',
  visitId,
  esi: 3,
  chiefComplaint: '  abdominal pain ',
  vitals: normalVitals,
  ageInMonths: 40 * 12,
  dangerZoneAnswer: null,
  retriageReason: null,
  at: t('13:10'),
  ...overrides,
});
const depart: VisitCommand = { type: 'RecordDeparture', visitId, at: t('16:00') };

describe('ED arrival', () => {
  it.each(['walk-in', 'ambulance', 'transfer'] as const)('opens the visit for an ADT-registered patient arriving by %s', (mode) => {
    spec.given([]).when({ type: 'RegisterArrival', visitId, patientId: 'p1', mode, at: t('13:00') }).then([{ type: 'ed.visit.arrived', data: { visitId, patientId: 'p1', mode, at: t('13:00') } }]);
  });

  it('puts the new arrival in the waiting status', () => {
    spec.given([]).when({ type: 'RegisterArrival', visitId, patientId: 'p1', mode: 'ambulance', at: t('13:00') }).thenState((s) => expect(statusOf(s)).toBe('waiting'));
  });

  it('refuses a second arrival on the same visit', () => {
    spec.given([arrived]).when({ type: 'RegisterArrival', visitId, patientId: 'p1', mode: 'walk-in', at: t('13:05') }).thenThrows('VISIT_ALREADY_OPEN', /open a new visit/);
  });

  it('refuses any step of care for a visit with no arrival', () => {
    spec.given([]).when(triage()).thenThrows('VISIT_NOT_FOUND', /register the arrival first/);
    spec.given([]).when({ type: 'CancelDeparture', visitId, reason: 'error', at: t('13:00') }).thenThrows('VISIT_NOT_FOUND');
  });

  it('refuses a time before the arrival', () => {
    spec.given([arrived]).when(triage({ at: t('12:59') })).thenThrows('TIME_BEFORE_ARRIVAL', /before the patient's arrival at 2026-03-02T13:00:00Z/);
  });
});

describe('triage', () => {
  it('records the ESI level, the chief complaint and the vital signs', () => {
    spec.given([arrived]).when(triage()).then([triaged(3)]);
    spec.given([arrived]).when(triage()).thenState((s) => expect(statusOf(s)).toBe('triaged'));
  });

  it('needs a chief complaint', () => {
    spec.given([arrived]).when(triage({ chiefComplaint: '   ' })).thenThrows('INVALID_VISIT_INPUT', /^chiefComplaint: is required/);
  });

  it('refuses an implausible vital sign, naming it', () => {
    spec.given([arrived]).when(triage({ vitals: { ...normalVitals, heartRate: 820 } })).thenThrows('INVALID_VISIT_INPUT', /^vitals\.heartRate: .*typing error/);
    spec.given([arrived]).when(triage({ vitals: { ...normalVitals, oxygenSaturation: 101 } })).thenThrows('INVALID_VISIT_INPUT', /^vitals\.oxygenSaturation/);
  });

  it('needs the patient age the danger-zone limits depend on', () => {
    spec.given([arrived]).when(triage({ ageInMonths: -1 })).thenThrows('INVALID_VISIT_INPUT', /^ageInMonths/);
  });

  it('is done once, unless the nurse triages again and says why', () => {
    spec.given([arrived, triaged(4)]).when(triage()).thenThrows('ALREADY_TRIAGED', /already triaged at ESI 4 .*; to triage again, say why/);
    spec.given([arrived, triaged(4)]).when(triage({ retriageReason: '  ' })).thenThrows('ALREADY_TRIAGED');
  });

  it('re-triages a patient whose condition changed: the new level replaces the old, the first triage time stays', () => {
    const worse = triage({ esi: 2, chiefComplaint: 'abdominal pain, now pale and sweaty', retriageReason: ' pain 9/10, BP falling ', at: t('14:00') });
    spec
      .given([arrived, triaged(4)])
      .when(worse)
      .then([
        {
          type: 'ed.visit.retriaged',
          data: { visitId, esi: 2, previousEsi: 4, chiefComplaint: 'abdominal pain, now pale and sweaty', vitals: normalVitals, dangerZone: null, reason: 'pain 9/10, BP falling', at: t('14:00') },
        },
      ]);
    spec
      .given([arrived, triaged(4)])
      .when(worse)
      .thenState((s) => {
        expect(s.triage).toMatchObject({ esi: 2, at: t('13:10') });
        expect(s.retriage).toEqual({ previousEsi: 4, reason: 'pain 9/10, BP falling', at: t('14:00') });
      });
  });

  it('refuses a re-triage reason on the first triage', () => {
    spec.given([arrived]).when(triage({ retriageReason: 'worse' })).thenThrows('INVALID_VISIT_INPUT', /retriageReason/);
  });

  it('is refused once the patient has left', () => {
    spec.given([arrived, departed('lwbs', '07', '13:05')]).when(triage()).thenThrows('VISIT_CLOSED', /left without being seen at 2026-03-02T13:05:00Z/);
  });
});

describe('ESI danger-zone prompt (scenario 15)', () => {
  const tachypnoeicAdult: TriageVitalSigns = { ...normalVitals, heartRate: 118, respiratoryRate: 24, oxygenSaturation: 95 };
  const findings = [
    { sign: 'heart-rate', value: 118, limit: 100 },
    { sign: 'respiratory-rate', value: 24, limit: 20 },
  ] as const;

  it('prompts "consider ESI 2" for an adult triaged ESI 3 with danger-zone vitals, and saves nothing until answered', () => {
    spec.given([arrived]).when(triage({ vitals: tachypnoeicAdult })).thenThrows(DangerZonePromptError, /heart rate 118 \(above 100\), respiratory rate 24 \(above 20\)\. Consider ESI 2/);
    let refusal: unknown;
    try {
      visitDecider.decide(triage({ vitals: tachypnoeicAdult }), visitDecider.evolve(visitDecider.initialState, arrived));
    } catch (e) {
      refusal = e;
    }
    expect((refusal as DomainError).code).toBe('ESI_DANGER_ZONE');
    expect((refusal as DomainError).details).toEqual({ findings, suggestedEsi: 2 });
  });

  it('keeps ESI 3 when the nurse declines, recording the prompt and the answer', () => {
    spec
      .given([arrived])
      .when(triage({ vitals: tachypnoeicAdult, dangerZoneAnswer: 'declined' }))
      .then([{ type: 'ed.visit.triaged', data: { visitId, esi: 3, chiefComplaint: 'abdominal pain', vitals: tachypnoeicAdult, dangerZone: { findings: [...findings], answer: 'declined' }, at: t('13:10') } }]);
  });

  it('records ESI 2 when the nurse accepts and chooses it', () => {
    spec
      .given([arrived])
      .when(triage({ esi: 2, vitals: tachypnoeicAdult, dangerZoneAnswer: 'accepted' }))
      .then([{ type: 'ed.visit.triaged', data: { visitId, esi: 2, chiefComplaint: 'abdominal pain', vitals: tachypnoeicAdult, dangerZone: { findings: [...findings], answer: 'accepted' }, at: t('13:10') } }]);
  });

  it('never changes the level itself: accepting while leaving ESI 3 is refused', () => {
    spec.given([arrived]).when(triage({ vitals: tachypnoeicAdult, dangerZoneAnswer: 'accepted' })).thenThrows('INVALID_VISIT_INPUT', /^esi: accepting the danger-zone prompt means choosing ESI 2/);
  });

  it('does not prompt outside decision point D (ESI 4), but keeps the findings for the board', () => {
    spec
      .given([arrived])
      .when(triage({ esi: 4, vitals: tachypnoeicAdult }))
      .thenState((s) => {
        expect(s.triage?.esi).toBe(4);
        expect(s.triage?.dangerZone).toEqual({ findings: [...findings], answer: null });
      });
  });

  it('uses the limits for the patient age: a heart rate of 118 is normal in a toddler', () => {
    spec.given([arrived]).when(triage({ vitals: tachypnoeicAdult, ageInMonths: 24 })).thenState((s) => expect(s.triage?.dangerZone).toBeNull());
  });
});

describe('rooms', () => {
  it('places the patient in a treatment space', () => {
    spec.given([arrived, triaged()]).when({ type: 'AssignRoom', visitId, roomId: 'ED-05', at: t('13:30') }).then([roomed()]);
    spec.given([arrived, triaged()]).when({ type: 'AssignRoom', visitId, roomId: 'ED-05', at: t('13:30') }).thenState((s) => expect(statusOf(s)).toBe('roomed'));
  });

  it('frees the old room when the patient moves, keeping the first rooming time', () => {
    spec
      .given([arrived, roomed()])
      .when({ type: 'AssignRoom', visitId, roomId: 'HALL-2', at: t('14:10') })
      .then([released('ED-05', '14:10'), roomed('HALL-2', '14:10')]);
    spec
      .given([arrived, roomed()])
      .when({ type: 'AssignRoom', visitId, roomId: 'HALL-2', at: t('14:10') })
      .thenState((s) => expect([s.roomId, s.firstRoomedAt]).toEqual(['HALL-2', t('13:30')]));
  });

  it('refuses to room the patient in the room they are in', () => {
    spec.given([arrived, roomed()]).when({ type: 'AssignRoom', visitId, roomId: 'ED-05', at: t('13:40') }).thenThrows('ALREADY_IN_ROOM');
  });

  it('releases the room; a patient not yet seen goes back to triaged', () => {
    spec.given([arrived, triaged(), roomed()]).when({ type: 'ReleaseRoom', visitId, at: t('13:50') }).then([released('ED-05', '13:50')]);
    spec.given([arrived, triaged(), roomed()]).when({ type: 'ReleaseRoom', visitId, at: t('13:50') }).thenState((s) => expect(statusOf(s)).toBe('triaged'));
  });

  it('has no room to release for a patient in the waiting room', () => {
    spec.given([arrived, triaged()]).when({ type: 'ReleaseRoom', visitId, at: t('13:50') }).thenThrows('NOT_IN_ROOM');
  });
});

describe('staff', () => {
  it('marks the patient seen by the first provider assigned, and keeps that time across a hand-over', () => {
    spec.given([arrived, triaged(), roomed()]).when({ type: 'AssignProvider', visitId, providerId: 'md-1', at: t('13:45') }).then([providerAssigned()]);
    spec
      .given(seen)
      .when({ type: 'AssignProvider', visitId, providerId: 'md-2', at: t('19:00') })
      .thenState((s) => {
        expect(statusOf(s)).toBe('seen-by-provider');
        expect([s.providerId, s.providerSeenAt]).toEqual(['md-2', t('13:45')]);
      });
  });

  it('refuses to assign the provider who already has the patient', () => {
    spec.given(seen).when({ type: 'AssignProvider', visitId, providerId: 'md-1', at: t('14:00') }).thenThrows('ALREADY_ASSIGNED', /md-1 already has this patient/);
  });

  it('refuses a provider for a patient who left without being seen', () => {
    spec
      .given([arrived, triaged(4), departed('lwbs', '07', '15:40')])
      .when({ type: 'AssignProvider', visitId, providerId: 'md-1', at: t('15:45') })
      .thenThrows('VISIT_CLOSED', /left without being seen at 2026-03-02T15:40:00Z, so the visit is closed/);
  });

  it('assigns a nurse, once', () => {
    spec.given([arrived]).when({ type: 'AssignNurse', visitId, nurseId: 'rn-7', at: t('13:05') }).then([{ type: 'ed.visit.nurse-assigned', data: { visitId, nurseId: 'rn-7', at: t('13:05') } }]);
    spec
      .given([arrived, { type: 'ed.visit.nurse-assigned', data: { visitId, nurseId: 'rn-7', at: t('13:05') } }])
      .when({ type: 'AssignNurse', visitId, nurseId: 'rn-7', at: t('13:06') })
      .thenThrows('ALREADY_ASSIGNED', /Nurse rn-7/);
  });
});

describe('results', () => {
  const awaited: VisitEvent = { type: 'ed.visit.results-awaited', data: { visitId, at: t('14:00') } };

  it('shows results pending until they return', () => {
    spec.given(seen).when({ type: 'AwaitResults', visitId, at: t('14:00') }).then([awaited]);
    spec.given(seen).when({ type: 'AwaitResults', visitId, at: t('14:00') }).thenState((s) => expect(statusOf(s)).toBe('results-pending'));
    spec.given([...seen, awaited]).when({ type: 'RecordResultsReturned', visitId, at: t('14:40') }).thenState((s) => expect(statusOf(s)).toBe('seen-by-provider'));
  });

  it('needs a provider, and a wait that is not already running', () => {
    spec.given([arrived, triaged()]).when({ type: 'AwaitResults', visitId, at: t('14:00') }).thenThrows('NOT_SEEN_BY_PROVIDER');
    spec.given([...seen, awaited]).when({ type: 'AwaitResults', visitId, at: t('14:05') }).thenThrows('RESULTS_ALREADY_AWAITED');
    spec.given(seen).when({ type: 'RecordResultsReturned', visitId, at: t('14:05') }).thenThrows('NO_RESULTS_AWAITED');
  });
});

describe('disposition', () => {
  it('starts boarding at the decision to admit and keeps every documented decision', () => {
    spec.given(seen).when({ type: 'DecideAdmission', visitId, source: 'bed-request', at: t('14:00') }).then([admissionDecided()]);
    spec
      .given([...seen, admissionDecided()])
      .when({ type: 'DecideAdmission', visitId, source: 'admit-order', at: t('14:20') })
      .thenState((s) => {
        expect(statusOf(s)).toBe('boarding');
        expect(s.decision).toEqual({
          kind: 'admit',
          decisions: [
            { source: 'bed-request', at: t('14:00') },
            { source: 'admit-order', at: t('14:20') },
          ],
          bed: null,
          requestCancelled: null,
        });
      });
  });

  it('needs a provider who has seen the patient', () => {
    spec.given([arrived, triaged()]).when({ type: 'DecideAdmission', visitId, source: 'admit-order', at: t('14:00') }).thenThrows('NOT_SEEN_BY_PROVIDER', /no admission can be decided/);
    spec
      .given([arrived, triaged()])
      .when({ type: 'DecideDischarge', visitId, disposition: 'discharged', dischargeStatus: '01', diagnosisCode: null, at: t('14:00') })
      .thenThrows('NOT_SEEN_BY_PROVIDER');
  });

  it('decides a discharge home or a transfer out with a fitting UB-04 status', () => {
    spec
      .given(seen)
      .when({ type: 'DecideDischarge', visitId, disposition: 'discharged', dischargeStatus: '01', diagnosisCode: 'K35.80', at: t('15:00') })
      .then([dischargeDecided]);
    spec
      .given(seen)
      .when({ type: 'DecideDischarge', visitId, disposition: 'transferred', dischargeStatus: '65', diagnosisCode: 'F32.9', at: t('15:00') })
      .thenState((s) => expect(statusOf(s)).toBe('disposition-decided'));
  });

  it('refuses a UB-04 status that contradicts the disposition', () => {
    spec
      .given(seen)
      .when({ type: 'DecideDischarge', visitId, disposition: 'discharged', dischargeStatus: '02', diagnosisCode: null, at: t('15:00') })
      .thenThrows('INVALID_VISIT_INPUT', /^dischargeStatus: 02 does not describe a discharge home/);
    spec
      .given(seen)
      .when({ type: 'DecideDischarge', visitId, disposition: 'transferred', dischargeStatus: '01', diagnosisCode: null, at: t('15:00') })
      .thenThrows('INVALID_VISIT_INPUT', /transfer to another facility/);
  });

  it('lets a later decision replace an admission, ending boarding', () => {
    spec
      .given([...seen, admissionDecided()])
      .when({ type: 'DecideDischarge', visitId, disposition: 'discharged', dischargeStatus: '01', diagnosisCode: null, at: t('15:00') })
      .thenState((s) => {
        expect(statusOf(s)).toBe('disposition-decided');
        expect(s.decision?.kind).toBe('discharge');
      });
  });
});

describe('inpatient bed for a boarder', () => {
  const assign: VisitCommand = { type: 'RecordBedAssigned', visitId, bedId: '5E-04', unitId: '5E', at: t('19:30') };
  const bedAssigned: VisitEvent = { type: 'ed.visit.bed-assigned', data: { visitId, bedId: '5E-04', unitId: '5E', at: t('19:30') } };

  it('records the bed that bed placement assigned', () => {
    spec.given([...seen, admissionDecided()]).when(assign).then([bedAssigned]);
  });

  it('ignores the same assignment heard twice', () => {
    spec.given([...seen, admissionDecided(), bedAssigned]).when(assign).then([]);
  });

  it('refuses a bed for a patient with no decision to admit', () => {
    spec.given([...seen, dischargeDecided]).when(assign).thenThrows('NOT_BOARDING', /document the decision to admit first/);
  });

  const cancel: VisitCommand = { type: 'RecordBedRequestCancelled', visitId, reason: 'telemetry full; re-request for 4W', at: t('19:45') };
  const requestCancelled: VisitEvent = { type: 'ed.visit.bed-request-cancelled', data: { visitId, reason: 'telemetry full; re-request for 4W', at: t('19:45') } };

  it('records bed placement cancelling the request once: the held bed is gone', () => {
    spec
      .given([...seen, admissionDecided(), bedAssigned])
      .when(cancel)
      .then([requestCancelled]);
    spec
      .given([...seen, admissionDecided(), bedAssigned, requestCancelled])
      .when(cancel)
      .then([]);
  });

  it('asks for a bed again when the ED decides to admit after the cancellation', () => {
    spec
      .given([...seen, admissionDecided(), requestCancelled, admissionDecided('admit-order', '20:00')])
      .when(assign)
      .thenState((s) => expect(s.decision).toMatchObject({ kind: 'admit', requestCancelled: null, bed: { bedId: '5E-04' } }));
  });

  it('has no bed request to cancel without a decision to admit', () => {
    spec.given([...seen, dischargeDecided]).when(cancel).thenThrows('NOT_BOARDING', /no bed request to cancel/);
  });
});

describe('departure', () => {
  it('sends an admitted patient up, freeing the ED room first (UB-04 09)', () => {
    spec.given([...seen, admissionDecided()]).when(depart).then([released('ED-05', '16:00'), departed('admitted', '09')]);
  });

  it('closes a discharge with the decided status', () => {
    spec.given([arrived, triaged(), providerAssigned(), dischargeDecided]).when(depart).then([departed('discharged', '01')]);
    spec.given([arrived, triaged(), providerAssigned(), dischargeDecided]).when(depart).thenState((s) => expect(statusOf(s)).toBe('departed'));
  });

  it('needs a disposition first', () => {
    spec.given(seen).when(depart).thenThrows('NO_DISPOSITION', /record LWBS, AMA or death/);
  });

  it('happens once', () => {
    spec.given([arrived, providerAssigned(), dischargeDecided, departed('discharged', '01')]).when(depart).thenThrows('VISIT_CLOSED', /was discharged at 2026-03-02T16:00:00Z/);
  });

  it('records a patient who left without being seen, freeing the room (claims 07, PV1-36 local LWB)', () => {
    spec.given([arrived, triaged(4), roomed()]).when({ type: 'RecordLeftWithoutBeingSeen', visitId, at: t('15:40') }).then([released('ED-05', '15:40'), departed('lwbs', '07', '15:40')]);
  });

  it('refuses LWBS once a provider has seen the patient', () => {
    spec.given(seen).when({ type: 'RecordLeftWithoutBeingSeen', visitId, at: t('15:40') }).thenThrows('ALREADY_SEEN_BY_PROVIDER', /record leaving against medical advice instead/);
  });

  it('records leaving against medical advice after a provider evaluation, and refuses it before one', () => {
    spec.given(seen).when({ type: 'RecordLeftAgainstMedicalAdvice', visitId, at: t('15:00') }).then([released('ED-05', '15:00'), departed('ama', '07', '15:00')]);
    spec.given([arrived, triaged()]).when({ type: 'RecordLeftAgainstMedicalAdvice', visitId, at: t('15:00') }).thenThrows('NOT_SEEN_BY_PROVIDER', /left without being seen \(LWBS\)/);
  });

  it('records a death in the ED (UB-04 20)', () => {
    spec.given([arrived, triaged(1)]).when({ type: 'RecordDeath', visitId, at: t('13:40') }).then([departed('expired', '20', '13:40')]);
  });
});

describe('cancelling a departure', () => {
  const cancel = (reason = 'transfer to 5E cancelled'): VisitCommand => ({ type: 'CancelDeparture', visitId, reason, at: t('20:30') });

  it('puts the patient back where they stood, with the bed request open again', () => {
    const bedAssigned: VisitEvent = { type: 'ed.visit.bed-assigned', data: { visitId, bedId: '5E-04', unitId: '5E', at: t('19:30') } };
    const history = [...seen, admissionDecided(), bedAssigned, released('ED-05', '20:00'), departed('admitted', '09', '20:00')];
    spec.given(history).when(cancel()).then([{ type: 'ed.visit.departure-cancelled', data: { visitId, reason: 'transfer to 5E cancelled', at: t('20:30') } }]);
    spec
      .given(history)
      .when(cancel())
      .thenState((s) => {
        expect(statusOf(s)).toBe('boarding');
        expect(s.decision).toEqual({ kind: 'admit', decisions: [{ source: 'bed-request', at: t('14:00') }], bed: null, requestCancelled: null });
        expect(s.departure).toBeNull();
      });
  });

  it('needs a departure, a reason, and cannot undo a death', () => {
    spec.given(seen).when(cancel()).thenThrows('NOT_DEPARTED');
    spec.given([...seen, dischargeDecided, departed('discharged', '01')]).when(cancel('  ')).thenThrows('REASON_REQUIRED');
    spec.given([arrived, departed('expired', '20', '13:40')]).when(cancel()).thenThrows('DEATH_CANNOT_BE_UNDONE');
  });
});
