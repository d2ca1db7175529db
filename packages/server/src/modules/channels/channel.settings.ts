import { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';

/** Outgoing mail server and channel tunables, kept in the shared settings table so every instance sees one value. */
export const SmtpSettings = z.object({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  /** Implicit TLS (465); otherwise STARTTLS is used when the server offers it. */
  secure: z.boolean(),
  tlsVerify: z.boolean().default(true),
  user: z.string().max(254).optional(),
  password: z.string().max(500).optional(),
  fromAddress: z.email().max(254),
  fromName: z.string().max(100).default('IT 服务台'),
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

export const ChannelOptions = z.object({
  /** Notifications to one person about one record within this window go out as one mail. */
  coalesceSeconds: z.number().int().min(0).max(3600).default(60),
  /** More mails than this from one sender in an hour go to the quarantine (a loop or a flood). */
  senderHourlyLimit: z.number().int().min(1).max(10_000).default(30),
  /** Link target in notifications, e.g. https://itsm.example.com */
  publicUrl: z.string().max(500).default(''),
});
export type ChannelOptions = z.infer<typeof ChannelOptions>;

const SMTP_KEY = 'channels.smtp';
const OPTIONS_KEY = 'channels.options';

async function read(db: Db, key: string): Promise<unknown> {
  const row = await db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst();
  return row ? JSON.parse(row.value_json) : undefined;
}

async function write(db: Db, key: string, value: unknown) {
  const now = nowIso();
  await db
    .insertInto('settings')
    .values({ key, value_json: JSON.stringify(value), updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: JSON.stringify(value), updated_at: now }))
    .execute();
}

export async function getSmtpSettings(db: Db): Promise<SmtpSettings | null> {
  const parsed = SmtpSettings.safeParse(await read(db, SMTP_KEY));
  return parsed.success ? parsed.data : null;
}

export const saveSmtpSettings = (db: Db, value: SmtpSettings) => write(db, SMTP_KEY, value);

export async function getChannelOptions(db: Db): Promise<ChannelOptions> {
  const parsed = ChannelOptions.safeParse((await read(db, OPTIONS_KEY)) ?? {});
  return parsed.success ? parsed.data : ChannelOptions.parse({});
}

export const saveChannelOptions = (db: Db, value: ChannelOptions) => write(db, OPTIONS_KEY, value);
