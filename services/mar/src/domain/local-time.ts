const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the nurse reads it on the unit's clock, with the zone's abbreviation ("01:30 EST"). */
export function localClock(zone: string, instant: string): string {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    formats.set(zone, format);
  }
  return format.format(new Date(instant));
}

export const minutesBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

export const addMinutes = (instant: string, minutes: number): string => new Date(Date.parse(instant) + minutes * 60_000).toISOString();
