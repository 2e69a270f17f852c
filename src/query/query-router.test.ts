import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../config/config-schema.js';
import type { Retriever, ValueHit } from '../knowledge/retriever.js';
import { routeQuestion, type RouteInput } from './query-router.js';

const connection = (id: string, isDefault = false) =>
  ({
    id,
    type: 'sqlite',
    tags: [],
    url: `sqlite:${id}.db`,
    ...(isDefault ? { default: true } : {}),
  }) as ConnectionConfig;
const retriever = (values: ValueHit[] = []) => ({ retrieve: async () => ({ values }) }) as unknown as Retriever;
const vocabularies = new Map([
  ['shop', new Set(['customer', 'order', 'revenue', 'product', 'country'])],
  ['northwind', new Set(['customer', 'order', 'employee', 'product', 'supplier', 'country'])],
]);
const route = (question: string, extra: Partial<RouteInput> = {}) =>
  routeQuestion({
    question,
    connections: [connection('shop', true), connection('northwind')],
    defaultConnection: 'shop',
    vocabularies,
    retriever: retriever(),
    ...extra,
  });

describe('routeQuestion', () => {
  it('keeps the default database on ties and near-ties, and shows the margin', async () => {
    const { routing } = await route('How many customers are there?');
    expect(routing).toMatchObject({ targets: ['shop'], method: 'default', margin: 0 });
    expect(routing.reason).toMatch(/margin 0/);
    expect((await route('customers by country')).routing.targets).toEqual(['shop']);
  });

  it('goes to another database only when the question names something only it has', async () => {
    const { routing } = await route('How many employees are there?');
    expect(routing).toMatchObject({ targets: ['northwind'], method: 'relevance', margin: 1 });
    expect(routing.reason).toMatch(/only northwind knows "employee"/);
    // A value only the other database holds counts as naming it.
    const byValue = await route('orders from Bavaria', {
      retriever: retriever([{ connection: 'northwind', table: 'orders', column: 'region', value: 'Bavaria' }]),
    });
    expect(byValue.routing.targets).toEqual(['northwind']);
    // Terms only the default knows keep the default (its compiler then explains or declines the rest).
    expect((await route('revenue by employee')).routing.targets).toEqual(['shop']);
  });

  it('without a default, an uncertain route declines and lists the candidates', async () => {
    await expect(route('How many customers are there?', { defaultConnection: undefined })).rejects.toMatchObject({
      code: 'usage_error',
      details: { candidates: ['shop', 'northwind'] },
    });
    expect((await route('How many suppliers?', { defaultConnection: undefined })).routing.targets).toEqual([
      'northwind',
    ]);
  });

  it('an explicit mention wins', async () => {
    expect((await route('in northwind, how many customers')).routing).toMatchObject({
      targets: ['northwind'],
      method: 'explicit',
    });
  });
});
