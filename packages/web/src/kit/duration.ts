/** A duration in minutes as a person reads it: `1d 2h`, `45m`. */
export function formatMinutes(minutes: number): string {
  const m = Math.round(Math.abs(minutes));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const mm = m % 60;
  return [d ? `${d}d` : '', h ? `${h}h` : '', !d && (mm || !h) ? `${mm}m` : ''].filter(Boolean).join(' ');
}
