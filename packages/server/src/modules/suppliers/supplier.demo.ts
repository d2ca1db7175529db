import type { Supplier } from '@trellis/core/modules/suppliers';
import type { DemoContext } from '../../platform/module.js';
import { calendarNames, STANDARD_CALENDAR_NAMES } from '../calendars/index.js';
import { contracts, suppliers } from './supplier.registers.js';

/** A working day of the demo's office calendar (08:30–12:00, 13:30–17:30). */
const DAY = 450;

/** The network vendor's maintenance contract the demo's tier-3 network engineers lean on. */
export async function loadSupplierDemo(ctx: DemoContext): Promise<void> {
  const calendars = await calendarNames(ctx.db);
  const office = [...calendars].find(([, name]) => name === STANDARD_CALENDAR_NAMES.office)?.[0];
  if (!office) return;
  await ctx.asAdmin(async (tx) => {
    const supplier = (await suppliers.create(tx, { name: '华为技术服务', contact: '400-822-9999' })) as Supplier;
    await contracts.create(tx, {
      supplierId: supplier.id,
      name: '网络设备原厂维保',
      responseMinutes: 120,
      resolutionMinutes: 2 * DAY,
      calendarId: office,
    });
  });
}
