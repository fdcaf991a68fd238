/** How wristbands and labels are drawn: Code 128, which every keyboard-wedge scanner on the units reads. */
export const barcodeOptions = (text: string) => ({ bcid: 'code128', text, scale: 2, height: 9, includetext: true, textxalign: 'center' }) as const;

/**
 * What the eMAR's wristband scan accepts: "PID:" and the MRN (services/mar wristband rule). The
 * prefix is on the wristband only: a chart or specimen label carries the bare MRN, so a label stuck
 * on the notes can never stand in for the band on the patient's wrist at the bedside.
 */
export const wristbandCode = (mrn: string) => `PID:${mrn}`;
