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

  /**
   * `first` is the copy as read when the command came in, `streamsOf` the source streams that
   * copy is confirmed against. With `known` (the streams of this copy as an earlier read found
   * them) the sources are asked while `first` is still being read: a version is compared with
   * the positions read alongside the copy, so whether the read came before or after the answer
   * does not matter, only that both come after the command arrived. A read that names other
   * streams than `known` is asked about again.
   */
  async confirm<T>(streamsOf: (value: T) => SourceStream[], first: Promise<CopySnapshot<T>>, reread: () => Promise<CopySnapshot<T>>, known?: SourceStream[]): Promise<T> {
    const started = performance.now();
    const signal = AbortSignal.timeout(this.timeoutMs);
    const [read, early] = await Promise.allSettled([first, known ? this.versionsAt(known, signal) : null]);
    if (read.status === 'rejected') throw read.reason;
    let snapshot = read.value;
    const streams = streamsOf(snapshot.value);
    const askedEarly = known !== undefined && known.length === streams.length && known.every((s, i) => sourceStreamId(s) === sourceStreamId(streams[i]!));
    if (askedEarly && early.status === 'rejected') throw early.reason;
    const required = askedEarly && early.status === 'fulfilled' ? early.value! : await this.versionsAt(streams, signal);
    for (;;) {
      const behind = streams.filter((stream, i) => (snapshot.positions[sourceStreamId(stream)] ?? 0) < required[i]!);
      if (behind.length === 0) return snapshot.value;
      if (performance.now() - started >= this.timeoutMs) throw this.unconfirmed(behind, 'the eMAR has not yet received their latest changes');
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      snapshot = await reread();
    }
  }

  /** Each stream's current version at its source, asked in parallel; refused STATE_UNCONFIRMED when any source does not answer. */
  private async versionsAt(streams: SourceStream[], signal: AbortSignal): Promise<number[]> {
    const answers = await Promise.allSettled(streams.map((stream) => this.sources.versionOf(stream, signal)));
    const unanswered = streams.filter((_, i) => answers[i]!.status === 'rejected');
    if (unanswered.length > 0) throw this.unconfirmed(unanswered, 'the systems that keep them did not answer');
    return answers.map((a) => (a as PromiseFulfilledResult<number>).value);
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
