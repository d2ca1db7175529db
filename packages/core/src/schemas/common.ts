import { z } from 'zod';
import { LOCALES } from '../enums.js';

export const Id = z.string().min(1).max(64);
export const IsoDateTime = z.string();
/**
 * YYYY-MM-DD naming a day that exists. The pattern alone lets 2026-13-01 through, which then fails
 * deep in date arithmetic (a 500), or 2026-02-30, which JavaScript quietly reads as 2 March.
 */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const time = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === s;
  }, 'not a day of the calendar');
export const LocaleSchema = z.enum(LOCALES);

/** Trims and rejects blank strings, so "   " is not a title. */
export const Text = (max: number) => z.string().trim().min(1).max(max);
export const OptionalText = (max: number) => z.string().trim().max(max).optional();

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Keyset pagination: `cursor` is opaque; `nextCursor` is null on the last page. */
export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const UserRef = z.object({ id: Id, name: z.string() });
export type UserRef = z.infer<typeof UserRef>;
export const GroupRef = z.object({ id: Id, name: z.string(), tier: z.number().int() });
export type GroupRef = z.infer<typeof GroupRef>;
export const OrgRef = z.object({ id: Id, name: z.string() });
export type OrgRef = z.infer<typeof OrgRef>;
