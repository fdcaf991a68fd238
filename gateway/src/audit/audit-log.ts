import type { Pool } from '@ehr/platform';
import { EmergencyAccess } from './emergency-access.js';

export interface AuditEntry {
  actorId: string | null;
  actorRole: string | null;
  operationType: string | null;
  operationName: string | null;
  /** The operation's root fields, as the caller named them. */
  fields: string[];
  patientIds: string[];
  outcome: 'ok' | 'refused' | 'failed';
  detail: string | null;
  clientAddress: string | null;
  /** Why: an HL7 PurposeOfUse code (TREAT, ETREAT for an emergency access, HPAYMT, HOPERAT, HCOMPL). */
  purpose?: string | null;
  /** The data read, by schema coordinate (Patient.birthDate). */
  dataFields?: string[];
  /** The access relied on a break-the-glass grant. */
  emergencyAccess?: boolean;
}

export type RecordedEntry = Required<AuditEntry> & { at: string; position: number };

/** Which entries a report covers: one patient or one user, within [from, to). */
export interface AuditQuery {
  patientId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
}

const columns = `at, chain_position, actor_id, actor_role, operation_type, operation_name, fields, patient_ids, outcome, detail, client_address, purpose, data_fields, emergency_access`;

export class AuditLog {
  /** The break-the-glass grants, kept beside the log that records what they let through. */
  readonly emergency: EmergencyAccess;

  constructor(private readonly pool: Pool) {
    this.emergency = new EmergencyAccess(pool);
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO gateway.audit_log (actor_id, actor_role, operation_type, operation_name, fields, patient_ids, outcome, detail, client_address, purpose, data_fields, emergency_access)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        entry.actorId,
        entry.actorRole,
        entry.operationType,
        entry.operationName,
        entry.fields,
        entry.patientIds,
        entry.outcome,
        entry.detail,
        entry.clientAddress,
        entry.purpose ?? null,
        entry.dataFields ?? [],
        entry.emergencyAccess ?? false,
      ],
    );
  }

  /** For the privacy office: who touched a patient's record, or what one user touched, newest first. */
  async entries(query: AuditQuery): Promise<RecordedEntry[]> {
    const { rows } = await this.pool.query(
      `SELECT ${columns} FROM gateway.audit_log
        WHERE ($1::text IS NULL OR patient_ids @> ARRAY[$1::text])
          AND ($2::text IS NULL OR actor_id = $2)
          AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
        ORDER BY chain_position DESC LIMIT $5`,
      [query.patientId ?? null, query.actorId ?? null, query.from ?? null, query.to ?? null, query.limit ?? 1000],
    );
    return rows.map((r) => ({
      at: (r.at as Date).toISOString(),
      position: Number(r.chain_position),
      actorId: r.actor_id,
      actorRole: r.actor_role,
      operationType: r.operation_type,
      operationName: r.operation_name,
      fields: r.fields,
      patientIds: r.patient_ids,
      outcome: r.outcome,
      detail: r.detail,
      clientAddress: r.client_address,
      purpose: r.purpose,
      dataFields: r.data_fields,
      emergencyAccess: r.emergency_access,
    }));
  }

  /** Where the hash chain is broken (an entry changed or removed); empty when the log is intact. */
  async chainBreaks(): Promise<Array<{ position: number; problem: string }>> {
    const { rows } = await this.pool.query(`SELECT chain_position, problem FROM gateway.audit_chain_breaks()`);
    return rows.map((r) => ({ position: Number(r.chain_position), problem: r.problem }));
  }
}

const csvColumns = ['at', 'actorId', 'actorRole', 'purpose', 'operationType', 'operationName', 'outcome', 'emergencyAccess', 'patientIds', 'fields', 'dataFields', 'clientAddress', 'detail', 'position'] as const;

/** RFC 4180 CSV, one row per entry; lists joined by spaces; a cell a spreadsheet would run as a formula is prefixed with '. */
export function entriesAsCsv(entries: readonly RecordedEntry[]): string {
  const cell = (value: unknown) => {
    let text = Array.isArray(value) ? value.join(' ') : value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [csvColumns.join(','), ...entries.map((e) => csvColumns.map((c) => cell(e[c])).join(','))].join('\r\n') + '\r\n';
}
