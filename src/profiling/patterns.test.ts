import { describe, expect, it } from 'vitest';
import { detectPatterns, isPiiColumn, maskValue } from './patterns.js';

describe('detectPatterns', () => {
  it.each([
    [['a@example.com', 'b.c@shop.co.uk', 'x+y@mail.org'], 'email'],
    [
      [
        '550e8400-e29b-41d4-a716-446655440000',
        '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
        'f47ac10b-58cc-4372-a567-0e02b2c3d479',
      ],
      'uuid',
    ],
    [['https://a.com/x', 'http://b.org', 'https://c.io/?q=1'], 'url'],
    [['10.0.0.1', '192.168.1.20', '8.8.8.8'], 'ip'],
    [['2024-01-02', '2024-02-03 04:05:06', '2023-12-31T23:59:59Z'], 'iso_date'],
    [['+1 (555) 010-2030', '+44 20 7946 0958', '555-0199-123'], 'phone'],
    [['{"a":1}', '[1,2]', '{"b":{"c":2}}'], 'json'],
    [['USD', 'EUR', 'GBP'], 'currency_code'],
    [['US', 'DE', 'FR'], 'country_code'],
  ])('%j → %s', (values, pattern) => {
    expect(detectPatterns(values)).toContain(pattern);
  });

  it('needs 80% of values and at least 3 values', () => {
    expect(detectPatterns(['a@example.com', 'b@example.com', 'nope', 'nada'])).not.toContain('email');
    expect(detectPatterns(['a@example.com', 'b@example.com'])).toEqual([]);
    expect(detectPatterns(['completed', 'pending', 'shipped'])).toEqual([]);
    expect(detectPatterns([1, 2, 3, null])).toEqual([]);
  });

  it('does not call dates phone numbers', () => {
    expect(detectPatterns(['2024-01-02', '2024-02-03', '2024-03-04'])).not.toContain('phone');
  });
});

describe('PII', () => {
  it.each([
    ['email', [], true],
    ['first_name', [], true],
    ['LastName', [], true],
    ['phone_number', [], true],
    ['billing_address', [], true],
    ['contact', ['email'], true],
    ['status', [], false],
    ['country_code', ['country_code'], false],
    ['addressable_market', [], false],
  ] as const)('%s %j → %s', (name, patterns, expected) => {
    expect(isPiiColumn(name, patterns)).toBe(expected);
  });

  it('masks values keeping only their shape', () => {
    expect(maskValue('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskValue('+1 555 010 2030')).toBe('***30');
    expect(maskValue('Jane')).toBe('J***');
    expect(maskValue(null)).toBeNull();
    expect(String(maskValue('jane.doe@example.com'))).not.toContain('jane');
  });
});
