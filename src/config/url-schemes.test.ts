import { describe, expect, it } from 'vitest';
import { urlPrefixes } from '../connectors/registry.js';
import { urlSchemeList } from './url-schemes.js';

describe('urlSchemeList', () => {
  it('lists every scheme of the engine descriptors, in registry order', () => {
    expect(urlSchemeList()).toBe(urlPrefixes().join(', '));
    expect(urlSchemeList()).toContain('mariadb://');
  });
});
