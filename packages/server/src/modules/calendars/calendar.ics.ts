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

/** An event to write into an iCalendar file (the change module's forward schedule). */
export interface IcsEvent {
  uid: string;
  start: string;
  end: string;
  summary: string;
  description?: string;
}

const icsText = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const icsTime = (iso: string) => `${new Date(iso).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** Writes timed events as an iCalendar file (UTC times), readable by Outlook, Apple and Google calendars. */
export function formatIcsEvents(name: string, events: readonly IcsEvent[], now = new Date().toISOString()): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Trellis//Change calendar//ZH', 'CALSCALE:GREGORIAN'];
  lines.push(`X-WR-CALNAME:${icsText(name)}`);
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${icsTime(now)}`,
      `DTSTART:${icsTime(e.start)}`,
      `DTEND:${icsTime(e.end)}`,
      `SUMMARY:${icsText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${icsText(e.description)}`] : []),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
