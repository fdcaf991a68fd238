/**
 * The only way the screens talk to the system: GraphQL through the gateway, as the signed-in user.
 * The token lives in an httpOnly cookie no script can read; the screens keep who signed in and the
 * session's CSRF token, which goes with every request (ADR 0031).
 */
const sessionKey = 'ehr.session';

export interface Session {
  username: string;
  name: string;
  role: string;
  /** Sent as `x-csrf-token`: proves a request comes from these screens, for this sign-in. */
  csrf: string;
  /** Untouched this long, the screens lock and the session ends (the hospital's setting). */
  idleSeconds: number;
}

export const loadSession = (): Session | null => {
  const raw = sessionStorage.getItem(sessionKey);
  return raw ? (JSON.parse(raw) as Session) : null;
};
export const saveSession = (session: Session | null) => (session ? sessionStorage.setItem(sessionKey, JSON.stringify(session)) : sessionStorage.removeItem(sessionKey));

export async function signIn(user: { username: string }): Promise<Session> {
  const response = await fetch('/auth/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username }) });
  if (!response.ok) throw new Error(`sign-in failed (${response.status})`);
  const { username, name, role, csrf, idleSeconds } = (await response.json()) as Session;
  return { username, name, role, csrf, idleSeconds };
}

/** Ends the session in this browser (the cookie goes); the screens forget it whatever the answer. */
export const signOut = () => fetch('/auth/session', { method: 'DELETE' }).catch(() => undefined);

/** A second person's sign-in for one act at this screen (a co-signature): held for that request only, never the screen's session. */
export interface OneRequest {
  bearer: string;
}

export async function signInForOneRequest(username: string): Promise<OneRequest> {
  const response = await fetch('/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
  if (!response.ok) throw new Error(`sign-in of ${username} failed (${response.status})`);
  return { bearer: ((await response.json()) as { access_token: string }).access_token };
}

/** The headers that make a request this session's (or the one-request sign-in's). */
export const sessionHeaders = (who: Session | OneRequest): Record<string, string> => ('bearer' in who ? { authorization: `Bearer ${who.bearer}` } : { 'x-csrf-token': who.csrf });

/**
 * A request the system did not answer with data. `code` is the GraphQL error code: FORBIDDEN when
 * the user's role may not do or see this, UNAUTHENTICATED when the sign-in expired or was refused.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}
export const isRefused = (error: unknown) => error instanceof ApiError && error.code === 'FORBIDDEN';
export const isSignedOut = (error: unknown) => error instanceof ApiError && error.code === 'UNAUTHENTICATED';

/** Told when a request finds the sign-in expired (`expired`) or the screens lock unused (`idle`), so the app asks for it again in place. */
export const sessionEvents = new EventTarget();

export async function gql<T>(session: Session | OneRequest, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sessionHeaders(session) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    data?: T;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  // Not a GraphQL answer: the session was refused before it got there (its cookie is gone, or this
  // screen's CSRF token belongs to an earlier sign-in), or the gateway failed.
  if (!body.errors && !body.data) body.errors = [{ message: `the gateway answered ${response.status}`, extensions: { code: response.status === 401 || response.status === 403 ? 'UNAUTHENTICATED' : 'UNAVAILABLE' } }];
  if (body.errors?.length) {
    const error = new ApiError(body.errors.map((e) => e.message).join('; '), body.errors.find((e) => e.extensions?.code)?.extensions?.code ?? null);
    if (isSignedOut(error)) sessionEvents.dispatchEvent(new Event('expired'));
    throw error;
  }
  return body.data as T;
}

/** A key for one intent (signing one order): `crypto.randomUUID` exists only on https or localhost. */
export const newIdempotencyKey = (): string =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
