import { ApiError, type Session, sessionEvents, sessionHeaders } from '../api';

/** One entry of the access log, as the gateway's privacy-office reports give it. */
export interface AccessEntry {
  at: string;
  position: number;
  actorId: string | null;
  actorRole: string | null;
  operationType: string | null;
  operationName: string | null;
  fields: string[];
  patientIds: string[];
  outcome: string;
  detail: string | null;
  purpose: string | null;
  dataFields: string[];
  emergencyAccess: boolean;
}

export interface EmergencyGrant {
  userId: string;
  userRole: string;
  patientId: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
}

/**
 * A privacy-office report from the gateway's /audit endpoints, as the signed-in user: JSON, or the
 * CSV the gateway writes. A refusal (only the privacy office may) comes back as FORBIDDEN.
 */
export async function auditReport(session: Session, path: string, params: Record<string, string | undefined>, format: 'json' | 'csv' = 'json'): Promise<string> {
  const wanted: Record<string, string | undefined> = { ...params, format };
  const query = new URLSearchParams(Object.entries(wanted).filter((e): e is [string, string] => Boolean(e[1])));
  const response = await fetch(`/audit/${path}?${query}`, { headers: sessionHeaders(session) });
  const text = await response.text();
  if (response.ok) return text;
  const message = (() => {
    try {
      return (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      return text || `the gateway answered ${response.status}`;
    }
  })();
  if (response.status === 401) sessionEvents.dispatchEvent(new Event('expired'));
  throw new ApiError(message, response.status === 403 ? 'FORBIDDEN' : response.status === 401 ? 'UNAUTHENTICATED' : null);
}

/** A local date (YYYY-MM-DD) as the instant its day begins, in the browser's zone, for the report's range. */
export const startOfDay = (date: string) => (date ? new Date(`${date}T00:00:00`).toISOString() : undefined);
