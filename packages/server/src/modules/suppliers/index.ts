export { contracts, suppliers } from './supplier.registers.js';
