import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The web spreads every feature's words into one catalogue (features/index.ts), so a key two
 * features both define silently shows one feature's text on the other's page (releases and
 * relationship once shared `rel.portal.title`). Read as text: the catalogues are plain objects.
 */
const webSrc = path.resolve(import.meta.dirname, '../../../web/src');

function keysOf(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8');
  return new Set([...text.matchAll(/^\s+'([A-Za-z][\w.-]*)':/gm)].map((m) => m[1]!));
}

function catalogues(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  found.set('i18n/zh-CN.ts', keysOf(path.join(webSrc, 'i18n/zh-CN.ts')));
  const featuresDir = path.join(webSrc, 'features');
  for (const feature of fs.readdirSync(featuresDir)) {
    const file = path.join(featuresDir, feature, 'messages.ts');
    if (fs.existsSync(file)) found.set(`features/${feature}/messages.ts`, keysOf(file));
  }
  return found;
}

describe('web message catalogues', () => {
  it('finds keys in the app catalogue and in several features', () => {
    const all = catalogues();
    expect(all.get('i18n/zh-CN.ts')?.size).toBeGreaterThan(50);
    expect([...all.keys()].filter((k) => k.startsWith('features/')).length).toBeGreaterThan(5);
  });

  it('gives every key to exactly one catalogue', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [file, keys] of catalogues()) {
      for (const key of keys) {
        const first = owner.get(key);
        if (first) clashes.push(`${key}: ${first} and ${file}`);
        else owner.set(key, file);
      }
    }
    expect(clashes).toEqual([]);
  });
});
