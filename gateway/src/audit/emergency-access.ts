import type { Pool } from '@ehr/platform';

export interface EmergencyGrant {
  userId: string;
  userRole: string;
  patientId: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
}

/**
 * The break-the-glass grants: time-limited access of one user to one patient, with the reason
 * they gave. The access policy asks `hasEmergencyAccess`; the audit marks what a grant let through.
 */
export class EmergencyAccess {
  constructor(private readonly pool: Pool) {}

  async grant(request: { userId: string; userRole: string; patientId: string; reason: string; minutes: number }): Promise<EmergencyGrant> {
    const { rows } = await this.pool.query(
      `INSERT INTO gateway.emergency_access (user_id, user_role, patient_id, reason, expires_at)
       VALUES ($1, $2, $3, $4, clock_timestamp() + make_interval(mins => $5)) RETURNING *`,
      [request.userId, request.userRole, request.patientId, request.reason, request.minutes],
    );
    return toGrant(rows[0]);
  }

  /** Whether the user holds an unexpired grant for the patient at `now`. */
  async hasEmergencyAccess(userId: string, patientId: string, now: Date): Promise<boolean> {
    return (await this.patientsUnderGrant(userId, [patientId], now)).length > 0;
  }

  /** Which of these patients the user reaches through an unexpired grant at `now`. */
  async patientsUnderGrant(userId: string, patientIds: readonly string[], now: Date): Promise<string[]> {
    if (patientIds.length === 0) return [];
    const { rows } = await this.pool.query<{ patient_id: string }>(
      `SELECT DISTINCT patient_id FROM gateway.emergency_access WHERE user_id = $1 AND patient_id = ANY($2) AND granted_at <= $3 AND expires_at > $3`,
      [userId, patientIds, now],
    );
    return rows.map((r) => r.patient_id);
  }

  /** For the privacy office's review: every grant in [from, to), newest first. */
  async list(from: Date | undefined, to: Date | undefined): Promise<EmergencyGrant[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM gateway.emergency_access WHERE ($1::timestamptz IS NULL OR granted_at >= $1) AND ($2::timestamptz IS NULL OR granted_at < $2) ORDER BY id DESC LIMIT 1000`,
      [from ?? null, to ?? null],
    );
    return rows.map(toGrant);
  }
}

const toGrant = (r: Record<string, unknown>): EmergencyGrant => ({
  userId: r.user_id as string,
  userRole: r.user_role as string,
  patientId: r.patient_id as string,
  reason: r.reason as string,
  grantedAt: (r.granted_at as Date).toISOString(),
  expiresAt: (r.expires_at as Date).toISOString(),
});
