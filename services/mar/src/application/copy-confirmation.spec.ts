import { CopyConfirmation, type CopySnapshot } from './copy-confirmation.js';
import { type SourceStream, type SourceVersions, sourceStreamId } from './source-versions.js';

const encounter: SourceStream = { source: 'adt', aggregate: 'encounter', id: 'e-1' };
const order: SourceStream = { source: 'orders', aggregate: 'order', id: 'o-1' };
const otherOrder: SourceStream = { source: 'orders', aggregate: 'order', id: 'o-2' };

/** Sources answering fixed versions, recording what they were asked and whether the copy had been read by then. */
function sources(versions: Record<string, number>) {
  const asked: Array<{ stream: string; readDone: boolean }> = [];
  let readDone = false;
  const source: SourceVersions = {
    async versionOf(stream) {
      asked.push({ stream: sourceStreamId(stream), readDone });
      const version = versions[sourceStreamId(stream)];
      if (version === undefined) throw new Error(`${stream.source} is down`);
      return version;
    },
  };
  const read = async (streams: SourceStream[], positions: Record<string, number>): Promise<CopySnapshot<SourceStream[]>> => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    readDone = true;
    return { value: streams, positions };
  };
  return { source, asked, read };
}

describe('confirming a copy at its sources', () => {
  it('asks the sources while the copy is read when its streams are known, and decides on that read', async () => {
    const { source, asked, read } = sources({ 'encounter-e-1': 2, 'order-o-1': 3 });
    const confirmed = await new CopyConfirmation(source, 500).confirm((s) => s, read([encounter, order], { 'encounter-e-1': 2, 'order-o-1': 3 }), () => Promise.reject(new Error('no reread')), [encounter, order]);
    expect(confirmed).toEqual([encounter, order]);
    expect(asked).toEqual([
      { stream: 'encounter-e-1', readDone: false },
      { stream: 'order-o-1', readDone: false },
    ]);
  });

  it('asks again about the streams the read names when they are not the ones known', async () => {
    const { source, asked, read } = sources({ 'encounter-e-1': 1, 'order-o-1': 1, 'order-o-2': 4 });
    const reread = () => read([encounter, otherOrder], { 'encounter-e-1': 1, 'order-o-2': 4 });
    await new CopyConfirmation(source, 500).confirm((s) => s, read([encounter, otherOrder], { 'encounter-e-1': 1, 'order-o-2': 3 }), reread, [encounter, order]);
    expect(asked.slice(2)).toEqual([
      { stream: 'encounter-e-1', readDone: true },
      { stream: 'order-o-2', readDone: true },
    ]);
  });

  it('refuses STATE_UNCONFIRMED when a known source does not answer, and DOSE_NOT_FOUND first when the read fails', async () => {
    const { source, read } = sources({ 'encounter-e-1': 1 });
    await expect(new CopyConfirmation(source, 500).confirm((s) => s, read([encounter, order], { 'encounter-e-1': 1, 'order-o-1': 1 }), () => Promise.reject(new Error('no reread')), [encounter, order])).rejects.toMatchObject({ code: 'STATE_UNCONFIRMED' });
    const notFound = Object.assign(new Error('not on the MAR'), { code: 'DOSE_NOT_FOUND' });
    await expect(new CopyConfirmation(source, 500).confirm<SourceStream[]>((s) => s, Promise.reject(notFound), () => Promise.reject(notFound), [encounter, order])).rejects.toBe(notFound);
  });
});
