import { supplierEvents, supplierMessages } from '@trellis/core/modules/suppliers';
import { defineModule } from '../../platform/module.js';
import { loadSupplierDemo } from './supplier.demo.js';
import { supplierPolicy } from './supplier.policy.js';
import { contractRegister, supplierRegister } from './supplier.registers.js';

/** Suppliers and their underpinning contracts: registers only, no routes of their own. */
export const suppliersModule = defineModule({
  name: 'suppliers',
  policies: [supplierPolicy],
  registers: [supplierRegister, contractRegister],
  events: supplierEvents,
  messages: supplierMessages,
  demo: loadSupplierDemo,
});
