import { lookUpDiagnoses } from './diagnosis-lookup.js';

describe('the diagnosis look-up', () => {
  it('finds a code by its beginning, with or without the dot', () => {
    expect(lookUpDiagnoses('E11.2').map((d) => d.code)).toEqual(['E1122']);
    expect(lookUpDiagnoses('e112')[0]).toEqual({ code: 'E1122', display: 'E11.22', title: 'Type 2 diabetes mellitus with diabetic chronic kidney disease' });
  });

  it('finds codes by every word of the title, in any order', () => {
    expect(lookUpDiagnoses('kidney diabetic').map((d) => d.code)).toEqual(['E1122']);
    expect(lookUpDiagnoses('pneumonia').map((d) => d.code)).toEqual(expect.arrayContaining(['J189', 'J159']));
  });

  it('finds nothing for blank text or words no title holds', () => {
    expect(lookUpDiagnoses('  ')).toEqual([]);
    expect(lookUpDiagnoses('zebra')).toEqual([]);
  });
});
