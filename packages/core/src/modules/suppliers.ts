import { z } from 'zod';
import { defineEvents, type EventsOf, registerEvents } from '../events.js';
import { defineMessages } from '../i18n/index.js';
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
const ContractFields = z.object({
  supplierId: Id,
  serviceId: Id.nullish(),
  name: Text(100),
  responseMinutes: z.number().int().min(1),
  resolutionMinutes: z.number().int().min(1),
  calendarId: Id,
});
/** A supplier cannot promise to resolve before it has responded. */
const resolutionAfterResponse = {
  check: (c: { responseMinutes?: number; resolutionMinutes?: number }) =>
    c.responseMinutes === undefined || c.resolutionMinutes === undefined || c.resolutionMinutes >= c.responseMinutes,
  issue: { path: ['resolutionMinutes'], message: 'supplier.resolution_before_response' },
};
export const CreateUnderpinningContract = ContractFields.refine(
  resolutionAfterResponse.check,
  resolutionAfterResponse.issue,
);
export const UpdateUnderpinningContract = ContractFields.partial()
  .extend({ active: z.boolean().optional() })
  .refine(resolutionAfterResponse.check, resolutionAfterResponse.issue);

export const supplierEvents = defineEvents({
  ...registerEvents('supplier'),
  ...registerEvents('underpinning_contract'),
});

declare module '../events.js' {
  interface ModuleEvents extends EventsOf<typeof supplierEvents> {}
}

export const supplierMessages = defineMessages({
  'zh-CN': { 'supplier.resolution_before_response': '解决时限不能短于响应时限' },
  'en-US': { 'supplier.resolution_before_response': 'The resolution time cannot be shorter than the response time' },
});

declare module '../i18n/index.js' {
  interface ModuleMessages {
    suppliers: (typeof supplierMessages)['zh-CN'];
  }
}
