import { Writable } from 'node:stream';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

describe('JSON logs', () => {
  it('writes one JSON object per line with the service, level and time', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'adt', destination }).info({ encounterId: 'e1' }, 'patient admitted');
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ service: 'adt', level: 'info', encounterId: 'e1', msg: 'patient admitted' });
    expect(Date.parse(line.time)).not.toBeNaN();
  });

  it('redacts PHI that slipped into a log call', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'adt', destination }).info({ patient: { mrn: '00000018', familyName: 'Lovelace', id: 'p1' } }, 'registered');
    const line = JSON.parse(lines[0]!);
    expect(line.patient).toEqual({ mrn: '[redacted]', familyName: '[redacted]', id: 'p1' });
  });
});
