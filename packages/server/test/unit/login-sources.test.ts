import { describe, expect, it } from 'vitest';
import { loginKeys, sourceOf } from '../../src/platform/auth/throttle.js';

describe('sign-in sources', () => {
  it('counts IPv4 by address and IPv6 by its /64, however it is written', () => {
    expect(sourceOf('203.0.113.9')).toBe('203.0.113.9');
    expect(sourceOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
    const prefix = '2001:db8:85a3:12::/64';
    for (const ip of ['2001:db8:85a3:12::1', '2001:0db8:85a3:0012:ffff:1:2:3', '2001:DB8:85A3:12:0:0:0:9']) {
      expect(sourceOf(ip), ip).toBe(prefix);
    }
    expect(sourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceOf('::1')).toBe('0:0:0:0::/64');
    expect(sourceOf('2001:db8:1:2::1')).not.toBe(sourceOf('2001:db8:1:3::1'));
  });

  it('keys an address case-insensitively, apart from its source', () => {
    expect(loginKeys.pair(' A@Example.COM ', '1.2.3.4')).toBe(loginKeys.pair('a@example.com', '1.2.3.4'));
    expect(loginKeys.pair('a@example.com', '1.2.3.4')).not.toBe(loginKeys.pair('a@example.com', '1.2.3.5'));
  });
});
