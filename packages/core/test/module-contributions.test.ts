import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  catalogues,
  DOMAIN_EVENTS,
  defineEvents,
  defineMessages,
  domainEventTypes,
  isDomainEventType,
  isMessageKey,
  translate,
} from '../src/index.js';
import { supplierEvents } from '../src/modules/suppliers.js';

describe('a module adds events and words from its own core file', () => {
  it('puts a module file’s events into the catalogue when the file loads', () => {
    expect(Object.keys(supplierEvents)).toContain('supplier.created');
    expect(isDomainEventType('underpinning_contract.archived')).toBe(true);
    expect(domainEventTypes()).toContain('supplier.updated');
  });

  it('adds new events and refuses a name defined twice with another schema', () => {
    const schema = z.object({ id: z.string() });
    defineEvents({ 'contribution_test.happened': schema });
    expect(isDomainEventType('contribution_test.happened')).toBe(true);
    expect((DOMAIN_EVENTS as unknown as Record<string, unknown>)['contribution_test.happened']).toBe(schema);
    // Loading the same file twice is harmless; a clash is a programming error.
    expect(() => defineEvents({ 'contribution_test.happened': schema })).not.toThrow();
    expect(() => defineEvents({ 'incident.created': z.object({}) })).toThrow(/defined twice/);
  });

  it('adds words to both languages and refuses a key that means something else', () => {
    defineMessages({
      'zh-CN': { 'contribution_test.hello': '你好，{name}' },
      'en-US': { 'contribution_test.hello': 'Hello, {name}' },
    });
    expect(isMessageKey('contribution_test.hello')).toBe(true);
    const key = 'contribution_test.hello' as Parameters<typeof translate>[1];
    expect(translate('zh-CN', key, { name: '李娜' })).toBe('你好，李娜');
    expect(translate('en-US', key, { name: 'Li Na' })).toBe('Hello, Li Na');
    expect(() =>
      defineMessages({ 'zh-CN': { 'error.forbidden': '别的意思' }, 'en-US': { 'error.forbidden': 'Other' } }),
    ).toThrow(/defined twice/);
    expect(catalogues['zh-CN']['error.forbidden']).toBe('您没有权限执行此操作');
  });
});
