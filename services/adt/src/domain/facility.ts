import type { LevelOfCare } from '@ehr/contracts';

/** The physical hospital: units, their rooms and beds. Configuration, seeded as events. */
export interface UnitConfig {
  unitId: string;
  name: string;
  kind: LevelOfCare;
  rooms: Array<{ roomId: string; beds: Array<{ bedId: string; label: string; sharing?: boolean }> }>;
}

const rooms = (unitId: string, count: number, bedsPerRoom: number): UnitConfig['rooms'] =>
  Array.from({ length: count }, (_, r) => {
    const room = String(r + 1).padStart(2, '0');
    return {
      roomId: `${unitId}-${room}`,
      beds: Array.from({ length: bedsPerRoom }, (_, b) => {
        const label = bedsPerRoom === 1 ? room : `${room}${String.fromCharCode(65 + b)}`;
        return { bedId: `${unitId}-${label}`, label };
      }),
    };
  });

/** The demo hospital: two medical units, telemetry, an ICU and the ED's treatment rooms. */
export const demoHospital: { facilityId: string; name: string; units: UnitConfig[] } = {
  facilityId: 'GENHOSP',
  name: 'General Hospital (demo)',
  units: [
    { unitId: '4W', name: '4 West Medical', kind: 'med-surg', rooms: rooms('4W', 8, 2) },
    { unitId: '3N', name: '3 North Surgical', kind: 'med-surg', rooms: rooms('3N', 6, 2) },
    { unitId: '5E', name: '5 East Telemetry', kind: 'telemetry', rooms: rooms('5E', 10, 1) },
    { unitId: 'ICU', name: 'Intensive Care', kind: 'icu', rooms: rooms('ICU', 8, 1) },
    { unitId: 'ED', name: 'Emergency Department', kind: 'ed', rooms: rooms('ED', 12, 1) },
  ],
};
