import { connect, type Socket } from 'node:net';

const START = 0x0b;
const END = Buffer.from([0x1c, 0x0d]);

/** HL7 acknowledgment codes (MSA-1): original (A*) and enhanced (C*) modes. */
export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

export interface Ack {
  code: AckCode;
  controlId: string;
  text: string;
  /** Accepted: the receiver has the message. */
  accepted: boolean;
}

export const frame = (message: string): Buffer => Buffer.concat([Buffer.from([START]), Buffer.from(message, 'utf8'), END]);

export function parseAck(raw: string): Ack {
  const msa = raw.split('\r').find((s) => s.startsWith('MSA|'));
  if (!msa) throw new Error(`the receiver answered without an MSA segment: ${JSON.stringify(raw.slice(0, 120))}`);
  const [, code = '', controlId = '', text = ''] = msa.split('|');
  if (!['AA', 'AE', 'AR', 'CA', 'CE', 'CR'].includes(code)) throw new Error(`the receiver answered with an unknown acknowledgment code "${code}"`);
  return { code: code as AckCode, controlId, text, accepted: code === 'AA' || code === 'CA' };
}

/**
 * Sends one message at a time over MLLP and waits for its acknowledgment. A lost
 * connection, a timeout or an ACK for another message is an error: the caller keeps the
 * message and tries again later, so nothing is lost and order is kept.
 */
export class MllpClient {
  private socket: Socket | null = null;
  private buffer = Buffer.alloc(0);
  private waiting: { resolve(ack: Ack): void; reject(error: Error): void } | null = null;

  constructor(private readonly options: { host: string; port: number; ackTimeoutMs?: number; connectTimeoutMs?: number }) {}

  private async connection(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: this.options.host, port: this.options.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`no connection to the HL7 receiver at ${this.options.host}:${this.options.port} within ${this.options.connectTimeoutMs ?? 5_000} ms`));
      }, this.options.connectTimeoutMs ?? 5_000);
      s.once('connect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`the HL7 receiver at ${this.options.host}:${this.options.port} is unreachable: ${error.message}`));
      });
    });
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', (error) => this.fail(new Error(`connection to the HL7 receiver failed: ${error.message}`)));
    socket.on('close', () => {
      this.socket = null;
      this.fail(new Error('the HL7 receiver closed the connection before acknowledging'));
    });
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    return socket;
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf(END);
    if (end < 0) return;
    const start = this.buffer.indexOf(START);
    const body = this.buffer.subarray(start + 1, end).toString('utf8');
    this.buffer = this.buffer.subarray(end + END.length);
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting) return;
    try {
      waiting.resolve(parseAck(body));
    } catch (error) {
      waiting.reject(error as Error);
    }
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }

  async send(message: string, controlId: string): Promise<Ack> {
    if (this.waiting) throw new Error('an HL7 message is already waiting for its acknowledgment');
    const socket = await this.connection();
    const ack = await new Promise<Ack>((resolve, reject) => {
      const timeoutMs = this.options.ackTimeoutMs ?? 10_000;
      const timer = setTimeout(() => {
        this.waiting = null;
        // A late ACK would be read as the next message's: start a fresh connection.
        socket.destroy();
        reject(new Error(`no acknowledgment for message ${controlId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = {
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      socket.write(frame(message));
    });
    if (ack.controlId !== controlId) {
      this.close();
      throw new Error(`the receiver acknowledged message ${ack.controlId}, not ${controlId}`);
    }
    return ack;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}
