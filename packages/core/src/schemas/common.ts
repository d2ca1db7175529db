import { z } from 'zod';
import { LOCALES } from '../enums.js';

export const Id = z.string().min(1).max(64);
export const IsoDateTime = z.string();
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
