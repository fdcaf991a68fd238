import { type AttendingProvider, isValidNpi } from '@ehr/contracts';

/**
 * The physicians who may attend an admission at the demo hospital: NPI (with its check digit),
 * name and NUCC taxonomy, as the claim and the HL7 feed carry them.
 */
export const demoProviders: readonly AttendingProvider[] = [
  { npi: '1234567893', familyName: 'Osler', givenName: 'William', taxonomy: '207R00000X' },
  { npi: '1347629515', familyName: 'Apgar', givenName: 'Virginia', taxonomy: '208000000X' },
  { npi: '1628495032', familyName: 'Blackwell', givenName: 'Elizabeth', taxonomy: '208M00000X' },
  { npi: '1958372603', familyName: 'Drew', givenName: 'Charles', taxonomy: '208600000X' },
];

/** The provider registry: providers by NPI; a registry entry with a bad NPI is a configuration error. */
export class ProviderRegistry {
  private readonly byNpi: Map<string, AttendingProvider>;
  constructor(providers: readonly AttendingProvider[]) {
    const invalid = providers.filter((p) => !isValidNpi(p.npi)).map((p) => p.npi);
    if (invalid.length > 0) throw new Error(`provider registry: invalid NPI ${invalid.join(', ')}`);
    this.byNpi = new Map(providers.map((p) => [p.npi, p]));
  }
  find(npi: string): AttendingProvider | null {
    return this.byNpi.get(npi) ?? null;
  }
  all(): AttendingProvider[] {
    return [...this.byNpi.values()];
  }
}
