import { signServiceCredential } from '@ehr/platform';

/** What the eMAR confirms at its source before it documents a dose: the encounter at ADT, the order at orders. */
export type SourceStream = { source: 'adt'; aggregate: 'encounter'; id: string } | { source: 'orders'; aggregate: 'order'; id: string };

/** The stream a source keeps an aggregate in, as its events name it (`streamId` of the envelope). */
export const sourceStreamId = (stream: SourceStream): string => `${stream.aggregate}-${stream.id}`;

/** The current version of a stream at the service that owns it. Throws when the source does not answer. */
export interface SourceVersions {
  versionOf(stream: SourceStream, signal: AbortSignal): Promise<number>;
}

/**
 * Asks ADT and orders over HTTP (`/stream-versions/<aggregate>/<id>`), as the eMAR itself:
 * a service credential signed for the source, naming `mar` as the caller. A source with no
 * address configured never answers, so nothing is documented on a copy that cannot be checked.
 */
export function httpSourceVersions(urls: { adt: string | undefined; orders: string | undefined }, secret: string | undefined): SourceVersions {
  return {
    async versionOf(stream, signal) {
      const base = urls[stream.source];
      if (!base || !secret) throw new Error(`no address or secret configured to ask ${stream.source}`);
      const response = await fetch(`${base}/stream-versions/${stream.aggregate}/${encodeURIComponent(stream.id)}`, {
        headers: signServiceCredential(stream.source, secret, Date.now(), 'mar'),
        signal,
      });
      if (!response.ok) throw new Error(`${stream.source} answered ${response.status}`);
      const body = (await response.json()) as { streamId?: unknown; version?: unknown };
      if (body.streamId !== sourceStreamId(stream) || typeof body.version !== 'number') throw new Error(`${stream.source} answered for another stream`);
      return body.version;
    },
  };
}
