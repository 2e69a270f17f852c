import { describe, expect, it } from 'vitest';
import { countNoun, pluralPhrase, pluralWord, singularPhrase, singularWord } from './english-inflection.js';

describe('english inflection', () => {
  it.each([
    ['album', 'albums'],
    ['Album', 'Albums'],
    ['category', 'categories'],
    ['day', 'days'],
    ['box', 'boxes'],
    ['address', 'addresses'],
    ['status', 'statuses'],
    ['match', 'matches'],
    ['person', 'people'],
    ['child', 'children'],
    ['staff', 'staff'],
    ['inventory', 'inventory'],
    ['series', 'series'],
    ['movie', 'movies'],
    ['ORDER', 'ORDERS'],
  ])('plural of %s is %s', (singular, plural) => expect(pluralWord(singular)).toBe(plural));

  it.each([
    ['albums', 'album'],
    ['categories', 'category'],
    ['addresses', 'address'],
    ['statuses', 'status'],
    ['status', 'status'],
    ['warehouses', 'warehouse'],
    ['purchases', 'purchase'],
    ['boxes', 'box'],
    ['matches', 'match'],
    ['employees', 'employee'],
    ['people', 'person'],
    ['movies', 'movie'],
    ['analyses', 'analysis'],
    ['business', 'business'],
    ['class', 'class'],
    ['staff', 'staff'],
    ['order', 'order'],
    ['Customers', 'Customer'],
  ])('singular of %s is %s', (plural, singular) => expect(singularWord(plural)).toBe(singular));

  it('inflects the last word of a phrase', () => {
    expect(pluralPhrase('order item')).toBe('order items');
    expect(pluralPhrase('invoice line')).toBe('invoice lines');
    expect(singularPhrase('order details')).toBe('order detail');
    expect(singularPhrase('web sessions')).toBe('web session');
    expect(pluralPhrase('')).toBe('');
  });

  it('counts', () => {
    expect(countNoun(1, 'album')).toBe('1 album');
    expect(countNoun(3, 'category')).toBe('3 categories');
  });
});
