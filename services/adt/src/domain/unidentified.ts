const words = [
  'Alfa', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliett', 'Kilo', 'Lima', 'Mike',
  'November', 'Oscar', 'Papa', 'Quebec', 'Romeo', 'Sierra', 'Tango', 'Uniform', 'Victor', 'Whiskey', 'Xray', 'Yankee', 'Zulu',
];

/**
 * The alias of the n-th unidentified arrival: a family name that says it is not a real one,
 * a spelling-alphabet word that differs from the arrival before and after it (two "Doe"
 * patients in adjacent bays are the classic mix-up), and a number never issued twice.
 * No birth date is invented: a placeholder such as 1901-01-01 has led to wrong doses.
 */
export function unidentifiedAlias(sequence: number): { familyName: string; givenNames: string[] } {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`alias sequence ${sequence} is out of range`);
  return { familyName: `Unidentified-${words[(sequence - 1) % words.length]}`, givenNames: [String(sequence).padStart(4, '0')] };
}
