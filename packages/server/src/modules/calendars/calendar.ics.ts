/**
 * Reads the all-day events of an iCalendar file as holidays and make-up workdays (调休). Events
 * marked 班 / ALTERNATE-WORKDAY / "workday" are working days; every other day event is a holiday.
 */
export interface ImportedDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

const DAY = 86_400_000;

export function parseIcsDays(text: string): ImportedDay[] {
  // Unfold continuation lines (RFC 5545 §3.1).
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const days: ImportedDay[] = [];
  let event: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') event = {};
    else if (line === 'END:VEVENT' && event) {
      const start = dateOf(event.DTSTART);
      if (start !== null) {
        const end = dateOf(event.DTEND) ?? start + DAY;
        const summary = event.SUMMARY ?? '';
        const marker = `${summary} ${event.DESCRIPTION ?? ''} ${event['X-APPLE-SPECIAL-DAY'] ?? ''}`;
        const kind = /班|ALTERNATE-WORKDAY|workday|make-up/i.test(marker) ? 'workday' : 'holiday';
        const name = summary.replace(/\((休|班)\)|（(休|班)）/g, '').trim();
        for (let d = start; d < Math.max(end, start + DAY); d += DAY)
          days.push({ date: new Date(d).toISOString().slice(0, 10), kind, name });
      }
      event = null;
    } else if (event) {
      const colon = line.indexOf(':');
      if (colon > 0) event[line.slice(0, colon).split(';')[0]!.toUpperCase()] = line.slice(colon + 1).trim();
    }
  }
  return days;
}

function dateOf(value: string | undefined): number | null {
  const m = value?.match(/^(\d{4})(\d{2})(\d{2})/);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}
