import { MarRefusedError } from '../domain/mar-errors.js';
import { type SourceStream, type SourceVersions, sourceStreamId } from './source-versions.js';

/** How long a nurse may wait for the eMAR to confirm its copies before it refuses instead. */
export const defaultConfirmTimeoutMs = 2_000;
const pollMs = 10;

/** A read of the eMAR's copy, with the versions of the source streams it has applied, from one snapshot. */
export interface CopySnapshot<T> {
  value: T;
  /** By source stream id; a stream never heard of is absent (version 0). */
  positions: Record<string, number | undefined>;
}

const whatIsConfirmed: Record<SourceStream['aggregate'], string> = {
  encounter: 'the admission is still open (no discharge)',
  order: 'the order is still active (not discontinued or on hold)',
};

/**
 * Confirms that the eMAR's copy is at least as new as the source's answers so far (ADR 0023):
 * asks each source for its stream's current version, then waits, bounded, until the follower
 * has applied at least that version. Whatever a source had answered before this call (a
 * discharge, a discontinue, a hold) is then in the copy the decider gets. When a source does
 * not answer or the follower does not catch up in time, the command is refused
 * STATE_UNCONFIRMED, never decided on the older copy.
 */
export class CopyConfirmation {
  constructor(
    private readonly sources: SourceVersions,
    readonly timeoutMs = defaultConfirmTimeoutMs,
  ) {}

  async confirm<T>(streams: SourceStream[], first: CopySnapshot<T>, reread: () => Promise<CopySnapshot<T>>): Promise<T> {
    const started = performance.now();
    const signal = AbortSignal.timeout(this.timeoutMs);
    const answers = await Promise.allSettled(streams.map((stream) => this.sources.versionOf(stream, signal)));
    const unanswered = streams.filter((_, i) => answers[i]!.status === 'rejected');
    if (unanswered.length > 0) throw this.unconfirmed(unanswered, 'the systems that keep them did not answer');
    const required = answers.map((a) => (a as PromiseFulfilledResult<number>).value);
    let snapshot = first;
    for (;;) {
      const behind = streams.filter((stream, i) => (snapshot.positions[sourceStreamId(stream)] ?? 0) < required[i]!);
      if (behind.length === 0) return snapshot.value;
      if (performance.now() - started >= this.timeoutMs) throw this.unconfirmed(behind, 'the eMAR has not yet received their latest changes');
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      snapshot = await reread();
    }
  }

  private unconfirmed(streams: SourceStream[], why: string): MarRefusedError {
    const what = streams.map((s) => whatIsConfirmed[s.aggregate]).join(' and that ');
    return new MarRefusedError(
      'STATE_UNCONFIRMED',
      `Not documented: the eMAR could not confirm within ${this.timeoutMs / 1000} s that ${what}; ${why}. Try again in a moment; if this keeps happening, call the help desk.`,
      { unconfirmed: streams.map((s) => s.aggregate) },
    );
  }
}
