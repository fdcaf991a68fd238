import type { Pool } from '@ehr/platform';
import type { MllpClient } from './mllp-client.js';

interface PendingRow {
  seq: string;
  control_id: string;
  message: string;
}

export interface SenderReport {
  sent: number;
  rejected: number;
  /** Why sending stopped early (receiver down, timeout); the message stays pending. */
  stoppedBecause: string | null;
}

/**
 * Sends pending HL7 messages strictly in order. A transport failure stops the round and
 * leaves the message pending for the next one: nothing is skipped or lost. A receiver's
 * reject (AE/AR) is recorded with its code for the interface team and sending goes on, as
 * receivers expect.
 */
export class Hl7Sender {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly client: MllpClient,
  ) {}

  async drain(limit = 1000): Promise<SenderReport> {
    const report: SenderReport = { sent: 0, rejected: 0, stoppedBecause: null };
    for (let i = 0; i < limit; i++) {
      const { rows } = await this.pool.query<PendingRow>(
        `SELECT seq, control_id, message FROM ${this.schema}.hl7_outbound WHERE status = 'pending' ORDER BY seq LIMIT 1`,
      );
      const next = rows[0];
      if (!next) break;
      try {
        const ack = await this.client.send(next.message, next.control_id);
        await this.pool.query(
          `UPDATE ${this.schema}.hl7_outbound SET status = $2, ack_code = $3, last_error = $4, attempts = attempts + 1, sent_at = now() WHERE seq = $1`,
          [next.seq, ack.accepted ? 'sent' : 'rejected', ack.code, ack.accepted ? null : ack.text || null],
        );
        if (ack.accepted) report.sent++;
        else report.rejected++;
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
