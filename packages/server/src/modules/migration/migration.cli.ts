import fs from 'node:fs';
import { type Locale, translate } from '@trellis/core';
import type { Trellis } from '../../app.js';
import type { Actor } from '../../platform/context.js';
import { progressBar } from '../../platform/progress.js';
import { loadActor } from '../directory/index.js';
import { IMPORT_FORMATS, type ImportFormat, type ImportIssue, whereText } from './migration.model.js';
import { type ImportSummary, runImport } from './migration.service.js';
import { readExport } from './migration.sources.js';

export interface ImportCommand {
  format: string;
  input: string;
  /** The organisation the records and new requesters belong to (its code); default: the provider. */
  org?: string;
  dryRun?: boolean;
  /** The administrator the import runs as (e-mail); default: the first active administrator. */
  as?: string;
  source?: string;
  utcOffset?: string;
  locale?: Locale;
  /** Writes every issue as JSON lines here. */
  report?: string;
  progress?: boolean;
}

export class ImportUsageError extends Error {}

/** Issues printed on the terminal; the rest go to --report. */
const SHOWN = 50;

/** `trellis import`: reads, imports, prints a summary; returns the summary for the caller's exit code. */
export async function importCommand(
  trellis: Pick<Trellis, 'config' | 'database' | 'bus'>,
  command: ImportCommand,
  print: (line: string) => void = console.log,
): Promise<ImportSummary> {
  if (!(IMPORT_FORMATS as readonly string[]).includes(command.format))
    throw new ImportUsageError(`format must be one of ${IMPORT_FORMATS.join(', ')}`);
  if (!fs.existsSync(command.input)) throw new ImportUsageError(`no such file or folder: ${command.input}`);
  const utcOffset = command.utcOffset ?? '+08:00';
  if (!/^[+-]\d{2}:\d{2}$/.test(utcOffset)) throw new ImportUsageError('--utc-offset looks like +08:00');
  const { db, dialect } = trellis.database;
  const org = await db
    .selectFrom('organizations')
    .select(['id', 'code'])
    .$if(!!command.org, (q) => q.where('code', '=', command.org!))
    .$if(!command.org, (q) => q.where('kind', '=', 'provider'))
    .executeTakeFirst();
  if (!org)
    throw new ImportUsageError(
      command.org ? `no organisation with code ${command.org}` : 'no provider organisation yet; pass --org CODE',
    );
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .$if(!!command.as, (q) => q.where('email', '=', command.as!.toLowerCase()))
    .orderBy('created_at')
    .executeTakeFirst();
  const actor: Actor | null = admin ? await loadActor(db, admin.id) : null;
  if (!actor)
    throw new ImportUsageError(
      command.as ? `no active administrator ${command.as}` : 'no active administrator; create one first',
    );

  const locale = command.locale ?? 'zh-CN';
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(locale, key, params);
  const format = command.format as ImportFormat;
  const read = await readExport(format, command.input, { utcOffset });
  const bar = command.progress === false ? null : progressBar(t('import.progress'));
  const summary = await runImport(read, {
    deps: { db, dialect, bus: trellis.bus },
    actor,
    organizationId: org.id,
    format,
    source: command.source,
    dryRun: command.dryRun,
    attachmentMaxBytes: trellis.config.attachmentMaxBytes,
    onProgress: (done, total) => bar?.update(done, total),
  });
  bar?.done();
  for (const line of summaryLines(summary, locale)) print(line);
  if (command.report)
    fs.writeFileSync(
      command.report,
      summary.issues.map((i) => JSON.stringify({ ...i, message: issueText(i, locale) })).join('\n'),
    );
  return summary;
}

export function issueText(i: ImportIssue, locale: Locale): string {
  return translate(locale, i.code, i.params);
}

function summaryLines(s: ImportSummary, locale: Locale): string[] {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(locale, key, params);
  const errors = s.issues.filter((i) => i.severity === 'error');
  const warnings = s.issues.filter((i) => i.severity === 'warning');
  const rate = s.ms > 0 ? Math.round((s.imported / s.ms) * 1000) : 0;
  const row = (label: string, value: string | number) => `  ${label}: ${value}`;
  const lines = [
    '',
    `${t('import.summary')} (${s.format}${s.source !== s.format ? `, ${s.source}` : ''})`,
    row(t('import.summary.read'), s.read),
    row(s.dryRun ? t('import.summary.would_import') : t('import.summary.imported'), s.imported),
    row(t('import.summary.skipped'), s.skipped),
    row(t('import.summary.rejected'), s.rejected),
    row(t('import.summary.comments'), s.comments),
    row(t('import.summary.attachments'), s.attachments),
    row(t('import.summary.people'), s.peopleCreated),
    row(t('import.summary.errors'), errors.length),
    row(t('import.summary.warnings'), warnings.length),
    row(t('import.summary.rate'), `${rate}/s (${(s.ms / 1000).toFixed(1)} s)`),
  ];
  if (s.dryRun) lines.push(`  ${t('import.summary.dry_run')}`);
  const shown = [...errors, ...warnings].slice(0, SHOWN);
  if (shown.length) lines.push('');
  for (const i of shown)
    lines.push(
      `  ${t(i.severity === 'error' ? 'import.severity.error' : 'import.severity.warning')} ${whereText(i)}${i.field ? ` [${i.field}]` : ''}${i.externalId ? ` #${i.externalId}` : ''}: ${issueText(i, locale)}`,
    );
  if (errors.length + warnings.length > SHOWN)
    lines.push(`  ${t('import.summary.more', { count: errors.length + warnings.length - SHOWN })}`);
  return lines;
}
