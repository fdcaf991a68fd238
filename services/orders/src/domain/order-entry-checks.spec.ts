import type { RecordedAllergy } from './allergy.decider.js';
import { seedFormulary } from './formulary.seed.js';
import { type ActiveMedication, orderEntryAlerts } from './order-entry-checks.js';

const drug = (drugId: string) => seedFormulary.drugs.get(drugId)!;
const penicillinAllergy: RecordedAllergy = { allergyId: 'a1', substance: { code: 'penicillins', display: 'Penicillins' }, reaction: 'hives', criticality: 'low' };
const acetaminophenQ6h: ActiveMedication = { orderId: 'o-apap', drugId: 'acetaminophen-500-tab', dose: { value: 1, unit: 'g' }, frequency: { type: 'interval', code: 'q6h' } };
const oxyApapPrn = {
  dose: { value: 1, unit: '{tablet}' as const },
  frequency: { type: 'prn' as const, minIntervalMinutes: 240, maxPer24h: { value: 6, unit: '{tablet}' as const }, indication: 'pain' },
};
const amoxicillinTid = { dose: { value: 500, unit: 'mg' as const }, frequency: { type: 'scheduled' as const, code: 'TID' as const, times: ['09:00', '13:00', '17:00'] } };

describe('order-entry alerts', () => {
  it('warns of a documented allergy to the drug class', () => {
    expect(orderEntryAlerts(drug('amoxicillin-500-cap'), amoxicillinTid, [penicillinAllergy], [], seedFormulary)).toEqual([
      {
        kind: 'allergy',
        key: 'allergy:penicillins',
        message: 'Allergy: documented allergy to Penicillins (hives): Amoxicillin 500 MG Oral Capsule belongs to that class.',
      },
    ]);
  });

  it('warns of a documented allergy to an ingredient', () => {
    const allergy: RecordedAllergy = { allergyId: 'a2', substance: { code: 'acetaminophen', display: 'Acetaminophen' }, reaction: null, criticality: 'unable-to-assess' };
    expect(orderEntryAlerts(drug('oxycodone-apap-5-325-tab'), oxyApapPrn, [allergy], [], seedFormulary)).toEqual([
      expect.objectContaining({ key: 'allergy:acetaminophen', message: expect.stringMatching(/allergy to Acetaminophen: .* contains it\./) }),
    ]);
  });

  it('matches an allergy recorded as free text or under an unknown code by ingredient and class names', () => {
    const freeText: RecordedAllergy = { allergyId: 'a3', substance: { code: 'penicillin', display: 'penicillin' }, reaction: 'rash', criticality: 'high' };
    expect(orderEntryAlerts(drug('amoxicillin-500-cap'), amoxicillinTid, [freeText], [], seedFormulary)).toEqual([
      expect.objectContaining({ kind: 'allergy', message: expect.stringMatching(/allergy to penicillin \(rash\): Amoxicillin 500 MG Oral Capsule belongs to that class/) }),
    ]);
    const byName: RecordedAllergy = { allergyId: 'a4', substance: { code: 'free-text', display: 'Tylenol / acetaminophen' }, reaction: null, criticality: 'low' };
    expect(orderEntryAlerts(drug('oxycodone-apap-5-325-tab'), oxyApapPrn, [byName], [], seedFormulary)).toEqual([expect.objectContaining({ kind: 'allergy', message: expect.stringMatching(/contains it/) })]);
    expect(orderEntryAlerts(drug('cefazolin-1g-inj'), { dose: { value: 1, unit: 'g' }, frequency: { type: 'interval', code: 'q8h' } }, [freeText], [], seedFormulary)).toEqual([]);
  });

  it('flags a dose above the single-dose or 24-hour maximum of its ingredient (acetaminophen 1 g q2h is 12 g a day)', () => {
    const apap = drug('acetaminophen-500-tab');
    expect(orderEntryAlerts(apap, { dose: { value: 1, unit: 'g' }, frequency: { type: 'interval', code: 'q2h' } }, [], [], seedFormulary)).toEqual([
      { kind: 'dose-range', key: 'dose-range:acetaminophen', message: expect.stringMatching(/acetaminophen up to 12000 mg in 24 hours is above the 4000 mg daily maximum/) },
    ]);
    expect(orderEntryAlerts(apap, { dose: { value: 1500, unit: 'mg' }, frequency: { type: 'once' } }, [], [], seedFormulary)).toEqual([
      expect.objectContaining({ kind: 'dose-range', message: expect.stringMatching(/1500 mg in one dose is above the 1000 mg single-dose maximum/) }),
    ]);
    expect(orderEntryAlerts(apap, { dose: { value: 1, unit: 'g' }, frequency: { type: 'interval', code: 'q6h' } }, [], [], seedFormulary)).toEqual([]);
  });

  it('says nothing when the allergy concerns other drugs', () => {
    expect(orderEntryAlerts(drug('cefazolin-1g-inj'), { dose: { value: 1, unit: 'g' }, frequency: { type: 'interval', code: 'q8h' } }, [penicillinAllergy], [], seedFormulary)).toEqual([]);
  });

  it('adds up a duplicated ingredient over 24 hours against its maximum (1 g q6h + up to 6 tablets of 325 mg)', () => {
    const alerts = orderEntryAlerts(drug('oxycodone-apap-5-325-tab'), oxyApapPrn, [], [acetaminophenQ6h], seedFormulary);
    expect(alerts).toEqual([
      {
        kind: 'duplicate-ingredient',
        key: 'duplicate-ingredient:acetaminophen',
        message: 'Duplicate ingredient: acetaminophen is also in Acetaminophen 500 MG Oral Tablet (order o-apap): up to 5950 mg in 24 hours together, above the 4000 mg daily maximum.',
      },
    ]);
  });

  it('still reports a duplicated ingredient that stays under the maximum', () => {
    const small: ActiveMedication = { ...acetaminophenQ6h, dose: { value: 325, unit: 'mg' } };
    const [alert] = orderEntryAlerts(drug('oxycodone-apap-5-325-tab'), oxyApapPrn, [], [small], seedFormulary);
    expect(alert!.message).toMatch(/up to 3250 mg in 24 hours together \(daily maximum 4000 mg\)\.$/);
  });

  it('flags two active drugs of one therapeutic class that share no ingredient', () => {
    const hydromorphone: ActiveMedication = { orderId: 'o-hm', drugId: 'hydromorphone-2-inj', dose: { value: 0.5, unit: 'mg' }, frequency: { type: 'prn', minIntervalMinutes: 180, maxPer24h: { value: 3, unit: 'mg' }, indication: 'severe pain' } };
    expect(orderEntryAlerts(drug('oxycodone-apap-5-325-tab'), oxyApapPrn, [], [hydromorphone], seedFormulary)).toEqual([
      { kind: 'duplicate-class', key: 'duplicate-class:opioid-analgesic', message: 'Duplicate therapy: another opioid analgesic is active: Hydromorphone Hydrochloride 2 MG/ML Injectable Solution (order o-hm).' },
    ]);
  });

  it('reports a shared ingredient once, as an ingredient, not again as a class', () => {
    const oxycodone: ActiveMedication = { orderId: 'o-oxy', drugId: 'oxycodone-5-tab', dose: { value: 5, unit: 'mg' }, frequency: { type: 'prn', minIntervalMinutes: 240, maxPer24h: { value: 30, unit: 'mg' }, indication: 'pain' } };
    const alerts = orderEntryAlerts(drug('oxycodone-apap-5-325-tab'), oxyApapPrn, [], [oxycodone], seedFormulary);
    expect(alerts.map((a) => a.key)).toEqual(['duplicate-ingredient:oxycodone']);
    expect(alerts[0]!.message).toMatch(/up to 60 mg in 24 hours together\.$/);
  });

  it('passes over an active order whose drug is no longer on the formulary', () => {
    expect(orderEntryAlerts(drug('oxycodone-apap-5-325-tab'), oxyApapPrn, [], [{ ...acetaminophenQ6h, drugId: 'retired-drug' }], seedFormulary)).toEqual([]);
  });
});
