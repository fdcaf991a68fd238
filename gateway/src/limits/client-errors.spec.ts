import { clientErrors } from './client-errors.js';

describe('errors as the client sees them', () => {
  const leak = { message: 'Invalid `prisma.patient.findMany()` invocation in /srv/services/adt/dist/patient.js:42 SELECT * FROM adt.patients', path: ['patient'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at /srv/x.js:1'] } };

  it('masks an internal error to a sentence and a reference in production, and logs the details under it', () => {
    const logged: Array<Record<string, unknown>> = [];
    const shown = clientErrors({ mask: true, log: (d) => logged.push(d) })(leak, new Error(leak.message));
    expect(shown.message).toMatch(/^Something went wrong on our side; give this reference to support: [0-9a-f-]{36}$/);
    expect(JSON.stringify(shown)).not.toMatch(/prisma|SELECT|\/srv|stacktrace/);
    expect(shown.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', correlationId: logged[0]?.correlationId });
    expect(logged[0]).toMatchObject({ message: leak.message, path: ['patient'] });
  });

  it('keeps a refusal written for the caller, without any stack trace', () => {
    const refusal = { message: 'the nurse role may not register patients', extensions: { code: 'FORBIDDEN', stacktrace: ['at x'] } };
    expect(clientErrors({ mask: true, log: () => undefined })(refusal, null)).toEqual({ message: refusal.message, extensions: { code: 'FORBIDDEN' } });
  });

  it('shows the message in development, still without the stack trace', () => {
    expect(clientErrors({ mask: false, log: () => undefined })(leak, null)).toEqual({ message: leak.message, path: ['patient'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
