import path from 'node:path';
import { z } from 'zod';

/** Every setting comes from the environment; the README lists each one. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  TRELLIS_DATA_DIR: z.string().default('./data'),
  TRELLIS_PUBLIC_URL: z.string().url().optional(),
  TRELLIS_ADMIN_EMAIL: z.string().email().optional(),
  // Its rules (length, not a common password) are the ones every password meets, checked on creation.
  TRELLIS_ADMIN_PASSWORD: z.string().min(1).optional(),
  TRELLIS_DEMO_DATA: z.enum(['auto', 'on', 'off']).default('auto'),
  TRELLIS_SECURE_COOKIES: z.enum(['auto', 'on', 'off']).default('auto'),
  TRELLIS_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  TRELLIS_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  TRELLIS_LOGIN_SOURCE_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(50),
  TRELLIS_LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  TRELLIS_ATTACHMENT_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  TRELLIS_JOB_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  TRELLIS_WEB_DIST: z.string().optional(),
  TRELLIS_TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  TRELLIS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  demoData: 'auto' | 'on' | 'off';
  secureCookies: 'auto' | 'on' | 'off';
  sessionHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Failed sign-ins from one network address, over all e-mail addresses, before it is locked. */
  loginSourceMaxFailures: number;
  attachmentMaxBytes: number;
  jobPollMs: number;
  webDist: string | undefined;
  logLevel: string;
  /** Believe X-Forwarded-For/-Proto: only behind a reverse proxy that sets them. */
  trustProxy: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.TRELLIS_DATA_DIR),
    publicUrl: e.TRELLIS_PUBLIC_URL,
    adminEmail: e.TRELLIS_ADMIN_EMAIL,
    adminPassword: e.TRELLIS_ADMIN_PASSWORD,
    demoData: e.TRELLIS_DEMO_DATA,
    secureCookies: e.TRELLIS_SECURE_COOKIES,
    sessionHours: e.TRELLIS_SESSION_HOURS,
    loginMaxFailures: e.TRELLIS_LOGIN_MAX_FAILURES,
    loginLockMinutes: e.TRELLIS_LOGIN_LOCK_MINUTES,
    loginSourceMaxFailures: e.TRELLIS_LOGIN_SOURCE_MAX_FAILURES,
    attachmentMaxBytes: Math.round(e.TRELLIS_ATTACHMENT_MAX_MB * 1024 * 1024),
    jobPollMs: e.TRELLIS_JOB_POLL_MS,
    webDist: e.TRELLIS_WEB_DIST,
    logLevel: e.TRELLIS_LOG_LEVEL,
    trustProxy: e.TRELLIS_TRUST_PROXY === 'on',
  };
}
