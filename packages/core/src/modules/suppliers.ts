import { z } from 'zod';
import { defineEvents, type EventsOf, registerEvents } from '../events.js';
import { Id, Text } from '../schemas/common.js';

/**
 * Suppliers (供应商) and their underpinning contracts (支撑合同): what the server module
 * `suppliers` and the web feature `suppliers` share. A module's shared parts live in one file
 * here, imported as `@trellis/core/modules/<module>`, so adding a module edits no list in core.
 */

export const Supplier = z.object({ id: Id, name: z.string(), contact: z.string(), active: z.boolean() });
export type Supplier = z.infer<typeof Supplier>;
export const CreateSupplier = z.object({ name: Text(100), contact: z.string().trim().max(200).default('') });
export const UpdateSupplier = CreateSupplier.partial().extend({ active: z.boolean().optional() });

export const UnderpinningContract = z.object({
  id: Id,
  supplierId: Id,
  serviceId: Id.nullable(),
  name: z.string(),
  responseMinutes: z.number().int(),
  resolutionMinutes: z.number().int(),
  calendarId: Id,
  active: z.boolean(),
  /** The customer SLA promises less time than this contract gives the supplier. */
  exceedsSla: z.boolean(),
});
export type UnderpinningContract = z.infer<typeof UnderpinningContract>;
export const CreateUnderpinningContract = z.object({
  supplierId: Id,
  serviceId: Id.nullish(),
  name: Text(100),
  responseMinutes: z.number().int().min(1),
  resolutionMinutes: z.number().int().min(1),
  calendarId: Id,
});
export const UpdateUnderpinningContract = CreateUnderpinningContract.partial().extend({
  active: z.boolean().optional(),
});

export const supplierEvents = defineEvents({
  ...registerEvents('supplier'),
  ...registerEvents('underpinning_contract'),
});

declare module '../events.js' {
  interface ModuleEvents extends EventsOf<typeof supplierEvents> {}
}
