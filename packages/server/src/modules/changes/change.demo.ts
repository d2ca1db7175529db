import type { DemoContext } from '../../platform/module.js';

/** Demo data: filled in below once the flows are in place. */
export async function loadChangeDemo(_ctx: DemoContext): Promise<void> {}
