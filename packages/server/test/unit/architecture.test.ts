import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/app.js';
import { DOMAIN_EVENTS } from '@trellis/core';
import { MODULES } from '../../src/modules/index.js';
import { hasErrorStatus } from '../../src/platform/errors.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('module manifest', () => {
  it('gives every error code thrown in the source an HTTP status', () => {
    const codes = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/new AppError\(\s*'([^']+)'/g)) codes.add(match[1]!);
    }
    expect(codes.size).toBeGreaterThan(40);
    expect([...codes].filter((code) => !hasErrorStatus(code))).toEqual([]);
  });

  it('lists every module folder once', () => {
    const folders = fs
      .readdirSync(path.join(SRC, 'modules'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const names = MODULES.map((module) => module.name).sort();
    expect(names).toEqual(folders);
  });

  it('has catalogue events for every register write', () => {
    const registers = MODULES.flatMap((module) => module.registers ?? []);
    expect(registers.length).toBeGreaterThan(5);
    const missing = registers.flatMap((register) =>
      ['created', 'updated', 'archived']
        .map((verb) => `${register.name}.${verb}`)
        .filter((type) => !(type in DOMAIN_EVENTS)),
    );
    expect(missing).toEqual([]);
  });
});
