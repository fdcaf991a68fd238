import { createServer, type Server } from 'node:net';
import { frame, MllpClient, parseAck } from './mllp-client.js';

/** A test receiver that answers each framed message with the ACK code chosen for it. */
function receiver(answer: (message: string) => string | null): Promise<{ server: Server; port: number; received: string[] }> {
  const received: string[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\x1c\r')) >= 0) {
        const message = buffer.slice(buffer.indexOf('\x0b') + 1, end);
        buffer = buffer.slice(end + 2);
        received.push(message);
        const reply = answer(message);
        if (reply !== null) socket.write(frame(reply));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, received })));
}

const controlIdOf = (message: string) => message.split('\r')[0]!.split('|')[9]!;
const ack = (code: string, message: string) => `MSH|^~\\&|LAB|GENHOSP|EHR-ADT|GENHOSP|20260302080000||ACK|A${controlIdOf(message)}|P|2.5.1\rMSA|${code}|${controlIdOf(message)}|`;
const msg = (id: string) => `MSH|^~\\&|EHR-ADT|GENHOSP|LAB|GENHOSP|20260302080000||ADT^A01^ADT_A01|${id}|P|2.5.1\rEVN|A01|20260302080000`;

describe('MLLP client', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('sends framed messages in order and reads each acknowledgment', async () => {
    const r = await receiver((m) => ack('AA', m));
    servers.push(r.server);
    const client = new MllpClient({ host: '127.0.0.1', port: r.port });
    const first = await client.send(msg('M1'), 'M1');
    const second = await client.send(msg('M2'), 'M2');
    client.close();
    expect([first.accepted, second.accepted]).toEqual([true, true]);
    expect(r.received.map(controlIdOf)).toEqual(['M1', 'M2']);
  });

  it('reports an application error or reject as not accepted, with the code', async () => {
    const r = await receiver((m) => ack(controlIdOf(m) === 'M1' ? 'AE' : 'AR', m));
    servers.push(r.server);
    const client = new MllpClient({ host: '127.0.0.1', port: r.port });
    expect(await client.send(msg('M1'), 'M1')).toMatchObject({ code: 'AE', accepted: false });
    expect(await client.send(msg('M2'), 'M2')).toMatchObject({ code: 'AR', accepted: false });
    client.close();
  });

  it('fails clearly when the receiver is down, and succeeds once it is up again', async () => {
    const r = await receiver((m) => ack('AA', m));
    const port = r.port;
    await new Promise((resolve) => r.server.close(resolve));
    const client = new MllpClient({ host: '127.0.0.1', port, connectTimeoutMs: 1_000 });
    await expect(client.send(msg('M1'), 'M1')).rejects.toThrow(/HL7 receiver at 127.0.0.1:\d+ is unreachable/);
    const back = createServer((socket) => socket.on('data', (c) => socket.write(frame(ack('AA', c.toString('utf8').slice(1, -2))))));
    await new Promise<void>((resolve) => back.listen(port, '127.0.0.1', () => resolve()));
    servers.push(back);
    expect((await client.send(msg('M1'), 'M1')).accepted).toBe(true);
    client.close();
  });

  it('gives up on a receiver that never acknowledges, naming the message', async () => {
    const r = await receiver(() => null);
    servers.push(r.server);
    const client = new MllpClient({ host: '127.0.0.1', port: r.port, ackTimeoutMs: 200 });
    await expect(client.send(msg('M9'), 'M9')).rejects.toThrow(/no acknowledgment for message M9/);
    client.close();
  });

  it('refuses an answer without MSA', () => {
    expect(() => parseAck('MSH|^~\\&|X')).toThrow(/without an MSA segment/);
  });
});
