import {
  CreateSupplier,
  CreateUnderpinningContract,
  Supplier,
  UnderpinningContract,
  UpdateSupplier,
  UpdateUnderpinningContract,
} from '@trellis/core/modules/suppliers';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { defineRegister, type RegisterDefinition, registerService } from '../../platform/register.js';
import { findApplicableSla } from '../sla/index.js';

const flag = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);

/** What suppliers and contracts share: staff read, admins write, archived by the active flag, bare-array lists. */
const common = {
  tags: ['suppliers'],
  policy: { resource: 'supplier', read: 'list', write: 'manage' },
  order: [{ column: 'name' }],
  search: ['name'],
  filters: { active: { column: 'active', parse: (v: string) => (v === 'true' ? 1 : 0) } },
  lifecycle: { archive: { column: 'active', value: 0 } },
} satisfies Partial<RegisterDefinition>;

export const supplierRegister = defineRegister<
  Supplier,
  z.infer<typeof CreateSupplier>,
  z.infer<typeof UpdateSupplier>
>({
  ...common,
  name: 'supplier',
  table: 'suppliers',
  path: '/api/v1/suppliers',
  schemas: { item: Supplier, create: CreateSupplier, update: UpdateSupplier },
  toApi: (row) => ({ id: row.id, name: row.name, contact: row.contact, active: row.active === 1 }),
  toRow: {
    create: (input) => ({ name: input.name, contact: input.contact, active: 1, created_at: nowIso() }),
    update: (input) => ({ name: input.name, contact: input.contact, active: flag(input.active) }),
  },
  compat: { listAsArray: true },
});

/**
 * Whether the customer SLA for the contract's service (at the default level, for any customer)
 * promises less resolution time than the supplier is given; the SLA module owns that lookup.
 */
async function exceedsSla(db: Db, serviceId: string | null, resolutionMinutes: number) {
  if (!serviceId) return false;
  const sla = await findApplicableSla(db, { service_id: serviceId, organization_id: '', level: 4 });
  return sla !== null && resolutionMinutes > sla.resolutionMinutes;
}

/** Underpinning contracts: what a supplier owes us; a supplier that is not there is a 400 on `supplierId`. */
export const contractRegister = defineRegister<
  UnderpinningContract,
  z.infer<typeof CreateUnderpinningContract>,
  z.infer<typeof UpdateUnderpinningContract>
>({
  ...common,
  name: 'underpinning_contract',
  table: 'underpinning_contracts',
  path: '/api/v1/underpinning-contracts',
  schemas: { item: UnderpinningContract, create: CreateUnderpinningContract, update: UpdateUnderpinningContract },
  refs: {
    supplierId: { table: 'suppliers' },
    calendarId: { table: 'calendars' },
    serviceId: { table: 'services' },
  },
  toApi: async (row, { db }) => ({
    id: row.id,
    supplierId: row.supplier_id,
    serviceId: row.service_id,
    name: row.name,
    responseMinutes: row.response_minutes,
    resolutionMinutes: row.resolution_minutes,
    calendarId: row.calendar_id,
    active: row.active === 1,
    exceedsSla: await exceedsSla(db, row.service_id, row.resolution_minutes),
  }),
  toRow: {
    create: (input) => ({
      supplier_id: input.supplierId,
      service_id: input.serviceId ?? null,
      name: input.name,
      response_minutes: input.responseMinutes,
      resolution_minutes: input.resolutionMinutes,
      calendar_id: input.calendarId,
      active: 1,
      created_at: nowIso(),
    }),
    update: (input) => ({
      supplier_id: input.supplierId,
      service_id: input.serviceId,
      name: input.name,
      response_minutes: input.responseMinutes,
      resolution_minutes: input.resolutionMinutes,
      calendar_id: input.calendarId,
      active: flag(input.active),
    }),
  },
  // The audit names written before the module existed.
  compat: { listAsArray: true, auditAction: (verb) => `contract.${verb}` },
});

/** Writes for seeds and other modules, with the same checks, audit row and event as the routes. */
export const suppliers = registerService(supplierRegister);
export const contracts = registerService(contractRegister);
