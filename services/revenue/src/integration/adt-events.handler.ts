import type { AccountClass, AdtEvent, EncounterClass } from '@ehr/contracts';
import { type CommandContext, type EventHandler, exhaustive, followEvents, type PoolClient } from '@ehr/platform';
import type { RevenueApplication } from '../application/revenue-application.js';
import type { AccountStep } from '../domain/account-work.js';
import { emptyStay, type EncounterEvent, evolveStay, type Stay } from '../domain/census.js';
import { schema } from '../projections/index.js';
import { facilityOf, stayCharges } from '../application/stay-charges.js';

/** The ADT events the revenue service follows. */
const followed = [
  'adt.unit.configured',
  'adt.patient.registered',
  'adt.patient.demographics-updated',
  'adt.patient.identified',
  'adt.bed-request.opened',
  'adt.encounter.admitted',
  'adt.encounter.admit-cancelled',
  'adt.encounter.transferred',
  'adt.encounter.transfer-cancelled',
  'adt.encounter.leave-started',
  'adt.encounter.leave-ended',
  'adt.encounter.discharged',
  'adt.encounter.discharge-cancelled',
  'adt.encounter.class-changed',
  'adt.attending.assigned',
] as const;
type FollowedEvent = Extract<AdtEvent, { type: (typeof followed)[number] }>;

const accountClassOf: Record<EncounterClass, AccountClass> = { inpatient: 'inpatient', observation: 'observation', emergency: 'emergency' };
const sexCode = { female: 'F', male: 'M', other: 'U', unknown: 'U' } as const;

/**
 * ADT tells the revenue service who the patient is (for the claim), where each inpatient lies
 * (for the census), and which encounter an ED visit became: an admission from the ED joins
 * the visit's account, any other admission opens its own. Every change to a stay reconciles
 * its room and board days, so a cancelled transfer reverses the day it had charged, and a
 * cancelled discharge takes the account back out of billing. Each
 * reaction commits in the consumer's transaction with its inbox row.
 */
export function adtEventsHandler(revenue: RevenueApplication): EventHandler {
  const stayOf = async (tx: PoolClient, encounterId: string) => {
    const { rows } = await tx.query<{ account_id: string; stay: Stay }>(`SELECT account_id, stay FROM ${schema}.stays WHERE encounter_id = $1 FOR UPDATE`, [encounterId]);
    return rows[0] ?? null;
  };

  /** The stay after the event, its room and board reconciled with the steps the event adds. */
  const changeStay = async (tx: PoolClient, event: EncounterEvent, accountId: string, stay: Stay, steps: AccountStep[], context: CommandContext) => {
    const next = evolveStay(stay, event);
    await tx.query(
      `INSERT INTO ${schema}.stays (encounter_id, account_id, stay, discharged) VALUES ($1, $2, $3, $4)
       ON CONFLICT (encounter_id) DO UPDATE SET stay = EXCLUDED.stay, discharged = EXCLUDED.discharged`,
      [next.encounterId, accountId, JSON.stringify(next), next.dischargedAt !== null],
    );
    const facility = await facilityOf(tx, revenue.policy.timeZone);
    await revenue.workInTransaction(tx, accountId, [...steps, stayCharges(next, facility, new Date().toISOString())], context);
  };

  return followEvents<FollowedEvent>({
    name: 'revenue-follow-adt',
    source: 'adt',
    follower: 'revenue',
    handles: followed,
    async apply(tx, event, react, envelope) {
      switch (event.type) {
        case 'adt.unit.configured':
          await tx.query(`INSERT INTO ${schema}.units (unit_id, level_of_care) VALUES ($1, $2) ON CONFLICT (unit_id) DO UPDATE SET level_of_care = EXCLUDED.level_of_care`, [
            event.data.unitId,
            event.data.levelOfCare,
          ]);
          return;
        case 'adt.patient.registered':
        case 'adt.patient.demographics-updated':
        case 'adt.patient.identified': {
          const { patientId, demographics: d } = event.data;
          // The MRN comes with the registration; a later correction keeps it.
          const mrn = event.type === 'adt.patient.registered' ? event.data.mrn : null;
          await tx.query(
            `INSERT INTO ${schema}.patients (patient_id, family_name, given_name, birth_date, sex, mrn, address) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (patient_id) DO UPDATE SET family_name = EXCLUDED.family_name, given_name = EXCLUDED.given_name, birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex,
               mrn = COALESCE(EXCLUDED.mrn, ${schema}.patients.mrn), address = EXCLUDED.address`,
            [patientId, d.familyName, d.givenNames[0] ?? '', d.birthDate, sexCode[d.sex], mrn, d.address === null ? null : JSON.stringify(d.address)],
          );
          return;
        }
        case 'adt.bed-request.opened':
          await tx.query(`INSERT INTO ${schema}.bed_requests (request_id, encounter_id) VALUES ($1, $2) ON CONFLICT (request_id) DO NOTHING`, [event.data.requestId, event.data.encounterId]);
          return;
        case 'adt.encounter.admitted': {
          const { encounterId, patientId, at } = event.data;
          const { rows } = await tx.query<{ account_id: string }>(
            `SELECT v.account_id FROM ${schema}.bed_requests r JOIN ${schema}.ed_visits v ON v.visit_id = r.request_id WHERE r.encounter_id = $1`,
            [encounterId],
          );
          const fromEd = rows[0]?.account_id ?? null;
          const accountId = fromEd ?? (await stayOf(tx, encounterId))?.account_id ?? (await revenue.newAccountId(tx));
          const accountClass = accountClassOf[event.data.class];
          // ADT does not say how urgent a direct admission was: 9 (information not available) until registration does.
          const admission = fromEd ? { at, priority: '1' as const, pointOfOrigin: '1' as const } : { at, priority: '9' as const, pointOfOrigin: '9' as const };
          await changeStay(
            tx,
            event,
            accountId,
            emptyStay(encounterId),
            [
              (s) => (s.openedAt ? null : { type: 'OpenAccount', accountId, patientId, encounterId, accountClass, at }),
              (s) => (accountClass === 'inpatient' && !s.admission ? { type: 'Admit', accountId, encounterId, admission } : null),
            ],
            react(),
          );
          return;
        }
        case 'adt.attending.assigned': {
          const { encounterId, attending, at } = event.data;
          // Named in the admission's own transaction, so the stay is known; one admitted before revenue followed ADT is not billed here.
          const current = await stayOf(tx, encounterId);
          if (!current) return;
          const accountId = current.account_id;
          await revenue.workInTransaction(tx, accountId, [{ type: 'RecordAttending', accountId, encounterId, attending, at, timeZone: revenue.policy.timeZone }], react());
          return;
        }
        case 'adt.encounter.admit-cancelled':
        case 'adt.encounter.transferred':
        case 'adt.encounter.transfer-cancelled':
        case 'adt.encounter.leave-started':
        case 'adt.encounter.leave-ended':
        case 'adt.encounter.discharge-cancelled':
        case 'adt.encounter.discharged':
        case 'adt.encounter.class-changed': {
          const current = await stayOf(tx, event.data.encounterId);
          // An encounter admitted before the revenue service followed ADT has no account here.
          if (!current) return;
          const { account_id: accountId, stay } = current;
          const steps: AccountStep[] = [];
          if (event.type === 'adt.encounter.discharged') {
            const { at, disposition } = event.data;
            steps.push((s) => (s.discharge ? null : { type: 'RecordDischarge', accountId, at, dischargeStatus: disposition }));
          }
          if (event.type === 'adt.encounter.admit-cancelled') {
            // The admission should not have happened: what it charged is reversed, and an account with nothing else on it bills nothing.
            steps.push({ type: 'CancelAdmission', accountId, encounterId: event.data.encounterId, reason: event.data.reason, at: envelope.occurredAt });
          }
          if (event.type === 'adt.encounter.discharge-cancelled') {
            // The patient is in house again: no claim until the next discharge, and the census days go on.
            steps.push({ type: 'CancelDischarge', accountId, reason: event.data.reason, at: envelope.occurredAt });
          }
          if (event.type === 'adt.encounter.class-changed' && event.data.from === 'inpatient' && event.data.to === 'observation') {
            steps.push({ type: 'ChangeToOutpatient', accountId, encounterId: event.data.encounterId, at: event.data.at });
          }
          if (event.type === 'adt.encounter.class-changed' && event.data.to === 'inpatient') {
            const { encounterId, at } = event.data;
            steps.push((s) => (s.admission ? null : { type: 'Admit', accountId, encounterId, admission: { at, priority: '9', pointOfOrigin: '9' } }));
          }
          await changeStay(tx, event, accountId, stay, steps, react());
          return;
        }
        default:
          exhaustive(event);
      }
    },
  });
}
