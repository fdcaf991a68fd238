import DataLoader from 'dataloader';
import type { RequestWithIdentity } from '@ehr/platform/nest';
import type { ReadModel } from '../projections/read-model.js';
import { toPatient } from './mapping.js';
import type { Patient } from './models.js';

type RequestWithPatients = RequestWithIdentity & { patientLoader?: DataLoader<string, Patient | null> };

/**
 * The patient behind a bed or a bed request, looked up in one batched query per request
 * however many rows the board or the queue shows.
 */
export function loadPatient(readModel: ReadModel, req: RequestWithPatients, patientId: string | null): Promise<Patient | null> {
  if (!patientId) return Promise.resolve(null);
  req.patientLoader ??= new DataLoader(async (ids: readonly string[]) => {
    const rows = await readModel.patient.findMany({ where: { patientId: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.patientId, toPatient(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  return req.patientLoader.load(patientId);
}
