import { bedDecider, BedOccupiedError } from '../../test/support/bed.decider.js';
import { specFor } from './given-when-then.js';

const spec = specFor(bedDecider);
const occupied = { type: 'test.bed.occupied', data: { bedId: '4W-12A', patientId: 'p1' } } as const;

describe('given/when/then decider specifications', () => {
  it('passes when the decided events are the expected ones', () => {
    spec.given([]).when({ type: 'Occupy', bedId: '4W-12A', patientId: 'p1' }).then([occupied]);
  });

  it('passes when the command is refused with the expected error class and message', () => {
    spec.given([occupied]).when({ type: 'Occupy', bedId: '4W-12A', patientId: 'p2' }).thenThrows(BedOccupiedError, /4W-12A is occupied/);
  });

  it('matches a refusal by its code', () => {
    spec.given([]).when({ type: 'Vacate', bedId: '4W-12A' }).thenThrows('BED_EMPTY');
  });

  it('fails when a refusal was expected but the command was accepted', () => {
    expect(() => spec.given([]).when({ type: 'Occupy', bedId: '4W-12A', patientId: 'p1' }).thenThrows(BedOccupiedError)).toThrow(
      /expected the command to be refused/,
    );
  });

  it('fails when the decided events differ', () => {
    expect(() => spec.given([]).when({ type: 'Occupy', bedId: '4W-12A', patientId: 'p1' }).then([])).toThrow();
  });

  it('exposes the state after the new events', () => {
    spec.given([occupied]).when({ type: 'Vacate', bedId: '4W-12A' }).thenState((s) => expect(s.occupant).toBeNull());
  });
});
