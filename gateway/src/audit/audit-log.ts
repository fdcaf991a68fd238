import type { Pool } from '@ehr/platform';

export interface AuditEntry {
  actorId: string | null;
  actorRole: string | null;
  operationType: string | null;
  operationName: string | null;
  fields: string[];
  patientIds: string[];
  outcome: 'ok' | 'refused' | 'failed';
  detail: string | null;
  clientAddress: string | null;
}

export class AuditLog {
  constructor(private readonly pool: Pool) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO gateway.audit_log (actor_id, actor_role, operation_type, operation_name, fields, patient_ids, outcome, detail, client_address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [entry.actorId, entry.actorRole, entry.operationType, entry.operationName, entry.fields, entry.patientIds, entry.outcome, entry.detail, entry.clientAddress],
    );
  }

  /** For the privacy office: everyone who touched this patient's record, newest first. */
  async touching(patientId: string, limit = 500): Promise<Array<AuditEntry & { at: string }>> {
    const { rows } = await this.pool.query(
      `SELECT at, actor_id, actor_role, operation_type, operation_name, fields, patient_ids, outcome, detail, client_address
         FROM gateway.audit_log WHERE patient_ids @> ARRAY[$1]::text[] ORDER BY id DESC LIMIT $2`,
      [patientId, limit],
    );
    return rows.map((r) => ({
      at: (r.at as Date).toISOString(),
      actorId: r.actor_id,
      actorRole: r.actor_role,
      operationType: r.operation_type,
      operationName: r.operation_name,
      fields: r.fields,
      patientIds: r.patient_ids,
      outcome: r.outcome,
      detail: r.detail,
      clientAddress: r.client_address,
    }));
  }
}
