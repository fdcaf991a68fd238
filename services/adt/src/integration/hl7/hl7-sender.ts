import type { Pool } from '@ehr/platform';
import type { MllpClient } from './mllp-client.js';

interface PendingRow {
  seq: string;
  control_id: string;
  message: string;
  attempts: number;
  waiting: boolean;
}

/** A rejection as the interface team's log shows it: which message (MSH-10) and why. */
export interface Hl7Rejection {
  controlId: string;
  code: string;
  reason: string | null;
  /** AR: retried at this instant; AE: parked (null). */
  retryAt: string | null;
}

/** Seconds before the next try after the n-th AR: 2, 4, 8 ... at most 5 minutes. */
export const retryDelaySeconds = (attempts: number): number => Math.min(300, 2 ** Math.max(1, attempts));

export interface SenderReport {
  sent: number;
  rejected: number;
  /** Why sending stopped early (receiver down, timeout); the message stays pending. */
  stoppedBecause: string | null;
}

/**
 * Sends pending HL7 messages strictly in order. A transport failure stops the round and
 * leaves the message pending for the next one: nothing is skipped or lost. Per the standard's
 * acknowledgment rules, AE (application error: the message itself is wrong) parks the message
 * as rejected and sending goes on; AR (application reject: the receiver cannot take it now) keeps
 * it pending and retries it with back-off before anything after it, so order holds.
 */
export class Hl7Sender {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly client: MllpClient,
    private readonly onRejected: (rejection: Hl7Rejection) => void = () => {},
  ) {}

  async drain(limit = 1000): Promise<SenderReport> {
    const report: SenderReport = { sent: 0, rejected: 0, stoppedBecause: null };
    for (let i = 0; i < limit; i++) {
      const { rows } = await this.pool.query<PendingRow>(
        `SELECT seq, control_id, message, attempts, coalesce(next_attempt_at > now(), false) AS waiting FROM ${this.schema}.hl7_outbound WHERE status = 'pending' ORDER BY seq LIMIT 1`,
      );
      const next = rows[0];
      if (!next) break;
      if (next.waiting) {
        report.stoppedBecause = `message ${next.control_id} waits to be retried after AR`;
        break;
      }
      try {
        const ack = await this.client.send(next.message, next.control_id);
        if (ack.code === 'AR' || ack.code === 'CR') {
          const delay = retryDelaySeconds(next.attempts + 1);
          const { rows: updated } = await this.pool.query<{ retry_at: Date }>(
            `UPDATE ${this.schema}.hl7_outbound SET ack_code = $2, last_error = $3, attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $4) WHERE seq = $1 RETURNING next_attempt_at AS retry_at`,
            [next.seq, ack.code, ack.text || null, delay],
          );
          this.onRejected({ controlId: next.control_id, code: ack.code, reason: ack.text || null, retryAt: updated[0]!.retry_at.toISOString() });
          report.stoppedBecause = `message ${next.control_id} answered ${ack.code}; retried in ${delay} s`;
          break;
        }
        await this.pool.query(
          `UPDATE ${this.schema}.hl7_outbound SET status = $2, ack_code = $3, last_error = $4, attempts = attempts + 1, sent_at = now(), next_attempt_at = NULL WHERE seq = $1`,
          [next.seq, ack.accepted ? 'sent' : 'rejected', ack.code, ack.accepted ? null : ack.text || null],
        );
        if (ack.accepted) report.sent++;
        else {
          report.rejected++;
          this.onRejected({ controlId: next.control_id, code: ack.code, reason: ack.text || null, retryAt: null });
        }
      } catch (error) {
        const reason = (error as Error).message;
        await this.pool.query(`UPDATE ${this.schema}.hl7_outbound SET attempts = attempts + 1, last_error = $2 WHERE seq = $1`, [next.seq, reason]);
        report.stoppedBecause = reason;
        break;
      }
    }
    return report;
  }
}
