import type { EventEnvelope } from '@ehr/contracts';
import { exhaustive, type Projection } from '@ehr/platform';
import type { PatientEvent } from '../domain/patient.decider.js';
import { adtRegistry } from '../application/placement.handler.js';

/** Patients for search (MRN, name, birth date) and every MRN that ever pointed at them. */
export function patientIndexProjection(schema: string): Projection {
  return {
    name: 'patient-index',
    handles: adtRegistry.all().map((d) => d.type).filter((t) => t.startsWith('adt.patient.')),
    async apply(tx, envelope: EventEnvelope) {
      const event = { type: envelope.type, data: envelope.data } as PatientEvent;
      switch (event.type) {
        case 'adt.patient.registered': {
          const { patientId, mrn, demographics: d } = event.data;
          await tx.query(
            `INSERT INTO ${schema}.patients (patient_id, mrn, family_name, given_names, birth_date, sex, status)
             VALUES ($1, $2, $3, $4, $5, $6, 'active') ON CONFLICT (patient_id) DO NOTHING`,
            [patientId, mrn, d.familyName, d.givenNames.join(' '), d.birthDate, d.sex],
          );
          await tx.query(`INSERT INTO ${schema}.patient_identifiers (mrn, patient_id) VALUES ($1, $2) ON CONFLICT (mrn) DO NOTHING`, [mrn, patientId]);
          return;
        }
        case 'adt.patient.registered-unidentified': {
          const { patientId, mrn, alias, sex, estimatedAgeYears } = event.data;
          await tx.query(
            `INSERT INTO ${schema}.patients (patient_id, mrn, family_name, given_names, birth_date, sex, status, unidentified, estimated_age_years)
             VALUES ($1, $2, $3, $4, NULL, $5, 'active', true, $6) ON CONFLICT (patient_id) DO NOTHING`,
            [patientId, mrn, alias.familyName, alias.givenNames.join(' '), sex, estimatedAgeYears],
          );
          await tx.query(`INSERT INTO ${schema}.patient_identifiers (mrn, patient_id) VALUES ($1, $2) ON CONFLICT (mrn) DO NOTHING`, [mrn, patientId]);
          return;
        }
        case 'adt.patient.demographics-updated':
        case 'adt.patient.identified': {
          const d = event.data.demographics;
          const identified = event.type === 'adt.patient.identified';
          await tx.query(
            `UPDATE ${schema}.patients SET family_name = $2, given_names = $3, birth_date = $4, sex = $5,
               unidentified = unidentified AND NOT $6, wristband_reprint_needed = wristband_reprint_needed OR $6 WHERE patient_id = $1`,
            [event.data.patientId, d.familyName, d.givenNames.join(' '), d.birthDate, d.sex, identified],
          );
          return;
        }
        case 'adt.patient.wristband-printed':
          await tx.query(`UPDATE ${schema}.patients SET wristband_reprint_needed = false WHERE patient_id = $1`, [event.data.patientId]);
          return;
        case 'adt.patient.merged-into':
          await tx.query(`UPDATE ${schema}.patients SET status = 'merged', merged_into = $2 WHERE patient_id = $1`, [event.data.patientId, event.data.survivorPatientId]);
          return;
        case 'adt.patient.absorbed-duplicate':
          // The retired MRN now resolves to the survivor.
          await tx.query(`UPDATE ${schema}.patient_identifiers SET patient_id = $1 WHERE mrn = $2`, [event.data.patientId, event.data.retiredMrn]);
          await tx.query(`UPDATE ${schema}.patients SET wristband_reprint_needed = true WHERE patient_id = $1`, [event.data.patientId]);
          return;
        default:
          exhaustive(event);
      }
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${schema}.patients, ${schema}.patient_identifiers`);
    },
  };
}
