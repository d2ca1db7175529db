import { describe, expect, it } from 'vitest';
import { fillCannedReply } from '../src/index.js';

describe('canned reply variables', () => {
  it('fills known variables and leaves unknown or missing ones as typed', () => {
    expect(
      fillCannedReply('{requester} 您好，{number}「{title}」由 {agent} 处理 {unknown} {group}', {
        requester: '李娜',
        number: 'INC-2026-000001',
        title: '打印机卡纸',
        agent: '张伟',
      }),
    ).toBe('李娜 您好，INC-2026-000001「打印机卡纸」由 张伟 处理 {unknown} {group}');
  });
});
