import type { DangerZoneFinding, TriageVitalSigns } from '@ehr/contracts';

interface AgeBand {
  /** The band holds ages below this many months. */
  belowMonths: number;
  heartRate: number;
  respiratoryRate: number;
}

/**
 * ESI v4 danger-zone limits (AHRQ handbook figure): heart and respiratory rate above the limit
 * for the age. The bands are by age in completed years, so a child of 8 years 11 months is
 * still in the 3-8 band; a child of exactly 3 years is in the 3-8 band.
 */
const bands: AgeBand[] = [
  { belowMonths: 3, heartRate: 180, respiratoryRate: 50 },
  { belowMonths: 36, heartRate: 160, respiratoryRate: 40 },
  { belowMonths: 108, heartRate: 140, respiratoryRate: 30 },
  { belowMonths: Infinity, heartRate: 100, respiratoryRate: 20 },
];
/** At any age. */
const oxygenSaturationBelow = 92;

/** The vital signs in the ESI danger zone for a patient of this age; empty when none is. */
export function dangerZoneFindings(vitals: TriageVitalSigns, ageInMonths: number): DangerZoneFinding[] {
  const band = bands.find((b) => ageInMonths < b.belowMonths)!;
  const findings: DangerZoneFinding[] = [];
  if (vitals.heartRate !== null && vitals.heartRate > band.heartRate) findings.push({ sign: 'heart-rate', value: vitals.heartRate, limit: band.heartRate });
  if (vitals.respiratoryRate !== null && vitals.respiratoryRate > band.respiratoryRate) {
    findings.push({ sign: 'respiratory-rate', value: vitals.respiratoryRate, limit: band.respiratoryRate });
  }
  if (vitals.oxygenSaturation !== null && vitals.oxygenSaturation < oxygenSaturationBelow) {
    findings.push({ sign: 'oxygen-saturation', value: vitals.oxygenSaturation, limit: oxygenSaturationBelow });
  }
  return findings;
}
