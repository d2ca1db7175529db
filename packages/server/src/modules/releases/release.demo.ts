import type { DemoContext } from '../../platform/module.js';

/** Demo data: a library entry and a release in planning (filled in below). */
export async function loadReleaseDemo(_ctx: DemoContext): Promise<void> {}
