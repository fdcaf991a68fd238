import { dataClasses, fieldClasses, typeClasses } from './access-policy.js';

describe('the access policy', () => {
  it('lets whoever reads a record read which patient it is about, so the access audit can name the patient', () => {
    // A field naming the patient under a class of its own (Bed.patientId) must open to every role of
    // its type's class; otherwise that role reads the record while the audit cannot see whose it is.
    // Beds are the exception by design: a bed's state is not about a patient.
    const patientFields = Object.entries(fieldClasses).filter(([field]) => /\.(patientId|\w+PatientId)$/.test(field));
    expect(patientFields.length).toBeGreaterThan(0);
    const gaps = patientFields.flatMap(([field, fieldClass]) => {
      const typeClass = typeClasses[field.slice(0, field.indexOf('.'))]!;
      if (typeClass === 'beds') return [];
      const opened = dataClasses[fieldClass] as readonly string[];
      return dataClasses[typeClass].filter((role) => !opened.includes(role)).map((role) => `${role} reads ${field.split('.')[0]} (${typeClass}) but not ${field} (${fieldClass})`);
    });
    expect(gaps).toEqual([]);
  });
});
