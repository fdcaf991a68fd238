/** The only way the screens talk to the system: GraphQL through the gateway, as the signed-in user. */
const tokenKey = 'ehr.token';

export interface Session {
  token: string;
  username: string;
  name: string;
  role: string;
}

export const loadSession = (): Session | null => {
  const raw = sessionStorage.getItem(tokenKey);
  return raw ? (JSON.parse(raw) as Session) : null;
};
export const saveSession = (session: Session | null) => (session ? sessionStorage.setItem(tokenKey, JSON.stringify(session)) : sessionStorage.removeItem(tokenKey));

export async function signIn(user: { username: string; name: string; role: string }): Promise<Session> {
  const response = await fetch('/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username }) });
  if (!response.ok) throw new Error(`sign-in failed (${response.status})`);
  const { access_token } = (await response.json()) as { access_token: string };
  return { token: access_token, ...user };
}

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

/** Told when a request finds the sign-in expired, so the app asks for it again in place. */
export const sessionEvents = new EventTarget();

export async function gql<T>(session: Session, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({ errors: [{ message: `the gateway answered ${response.status}` }] }))) as {
    data?: T;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
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
