/** Denial queues by CARC category, as billers work them (b10). */
const categories: Record<string, string> = {
  '16': 'Missing/invalid info',
  '197': 'Authorization',
  '50': 'Medical necessity',
  '18': 'Duplicate',
  '29': 'Timely filing',
  '22': 'Coordination of benefits',
  '23': 'Coordination of benefits',
};

export const denialCategory = (carc: string): string => categories[carc] ?? 'Other denial';
