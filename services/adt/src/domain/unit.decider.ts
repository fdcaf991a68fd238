import type { adtUnitEvents, DomainEventOf, LevelOfCare } from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';

export type UnitEvent = DomainEventOf<(typeof adtUnitEvents)[number]>;

export interface UnitState {
  configured: { name: string; levelOfCare: LevelOfCare } | null;
}

export type UnitCommand = { type: 'ConfigureUnit'; unitId: string; name: string; levelOfCare: LevelOfCare };

/** A nursing unit (stream `unit-<id>`): its name and level of care, told again only when they change. */
export const unitDecider: Decider<UnitCommand, UnitEvent, UnitState> = {
  initialState: { configured: null },
  decide(command, state) {
    const { unitId, name, levelOfCare } = command;
    if (state.configured?.name === name && state.configured.levelOfCare === levelOfCare) return [];
    return [{ type: 'adt.unit.configured', data: { unitId, name, levelOfCare } }];
  },
  evolve(state, event) {
    switch (event.type) {
      case 'adt.unit.configured':
        return { configured: { name: event.data.name, levelOfCare: event.data.levelOfCare } };
      default:
        return exhaustive(event.type);
    }
  },
};
