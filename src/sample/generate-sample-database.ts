import Database from 'better-sqlite3';
import fs from 'node:fs';
import nodePath from 'node:path';
import { Prng, WeightedSampler } from './prng.js';
import {
  DAY_STR,
  dayWeights,
  END,
  END_TS,
  fmtTs,
  LATEST_PRODUCT,
  ORDER_START,
  SIGNUP_START,
} from './sample-calendar.js';
import * as D from './sample-data.js';

export interface GenerateSampleDatabaseOptions {
  /** PRNG seed; the same seed always yields identical table contents. Default 42. */
  seed?: number;
  /** Multiplier for the row counts of the large tables (customers, orders, sessions). Default 1. */
  scale?: number;
  /** Replace `path` if it already exists. Default false (throws instead). */
  overwrite?: boolean;
}

export interface SampleDatabaseSummary {
  path: string;
  tables: { name: string; rows: number }[];
  totalRows: number;
  elapsedMs: number;
}

type Db = Database.Database;

const SCHEMA = `
CREATE TABLE categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL, parent_id INTEGER REFERENCES categories(id), slug TEXT NOT NULL UNIQUE);
CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES categories(id), price DECIMAL(10,2) NOT NULL, cost DECIMAL(10,2) NOT NULL,
  currency TEXT NOT NULL DEFAULT 'USD', created_at DATETIME NOT NULL, is_active BOOLEAN NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)));
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
  country_code TEXT NOT NULL, city TEXT NOT NULL, signup_date DATE NOT NULL,
  segment TEXT NOT NULL CHECK (segment IN ('consumer', 'business', 'vip')), phone TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), order_date DATETIME NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('completed', 'shipped', 'pending', 'cancelled', 'refunded')),
  total_amount DECIMAL(12,2) NOT NULL, discount DECIMAL(10,2) NOT NULL DEFAULT 0, shipping_country TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('web', 'mobile', 'store')));
CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL, unit_price DECIMAL(10,2) NOT NULL, line_total DECIMAL(12,2) NOT NULL);
CREATE TABLE payments (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, amount DECIMAL(12,2) NOT NULL, method TEXT NOT NULL,
  paid_at DATETIME NOT NULL, status TEXT NOT NULL);
CREATE TABLE web_sessions (id INTEGER PRIMARY KEY, customer_id INTEGER, session_start DATETIME NOT NULL, duration_seconds INTEGER NOT NULL,
  pages_viewed INTEGER NOT NULL, device TEXT NOT NULL, browser TEXT NOT NULL, traffic_source TEXT NOT NULL,
  converted BOOLEAN NOT NULL CHECK (converted IN (0, 1)), landing_product_id INTEGER);
CREATE TABLE product_reviews (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, customer_id INTEGER NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5), title TEXT, created_at DATETIME NOT NULL);`;

const INDEXED_COLUMNS: readonly [string, string][] = [
  ['categories', 'parent_id'],
  ['products', 'category_id'],
  ['orders', 'customer_id'],
  ['orders', 'order_date'],
  ['order_items', 'order_id'],
  ['order_items', 'product_id'],
  ['payments', 'order_id'],
  ['web_sessions', 'customer_id'],
  ['web_sessions', 'landing_product_id'],
  ['web_sessions', 'session_start'],
  ['product_reviews', 'product_id'],
  ['product_reviews', 'customer_id'],
];
const INDEXES = INDEXED_COLUMNS.map(([t, c]) => `CREATE INDEX idx_${t}_${c} ON ${t}(${c});`).join('\n');

const TABLES = [
  'categories',
  'products',
  'customers',
  'orders',
  'order_items',
  'payments',
  'web_sessions',
  'product_reviews',
] as const;

// ---- formatting helpers ----
const round2 = (x: number): number => Math.round((x + Number.EPSILON) * 100) / 100;
const slugify = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const emailPart = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');

interface Product {
  id: number;
  price: number;
  createdDay: number;
  lowQuality: boolean;
}
interface Customer {
  id: number;
  country: string;
  signupDay: number;
  segment: (typeof D.SEGMENTS)[number];
  activity: number;
}

/** Fills every table inside the caller's transaction; returns row counts keyed by table. */
function populate(db: Db, seed: number, scale: number): Record<string, number> {
  const rng = new Prng(seed);
  const ins = (sql: string) => db.prepare(sql);
  const counts: Record<string, number> = Object.fromEntries(TABLES.map((t) => [t, 0]));
  const hourSampler = new WeightedSampler(D.HOUR_WEIGHTS);
  const activityDays = new WeightedSampler(dayWeights(ORDER_START, 1.12));
  const signupWeights = dayWeights(SIGNUP_START, 1.2);
  for (let d = SIGNUP_START; d < ORDER_START; d++) signupWeights[d] *= 2; // established customer base before 2023
  const signupDays = new WeightedSampler(signupWeights);
  const timeOn = (day: number): number => day * 86_400 + hourSampler.sample(rng) * 3600 + rng.int(0, 3599);

  // categories: top-level rows directly followed by their children
  const insCat = ins('INSERT INTO categories (id, name, parent_id, slug) VALUES (?, ?, ?, ?)');
  const leaves: { id: number; leaf: D.LeafCategory; prefix: string }[] = [];
  let catId = 0;
  for (const top of D.CATEGORY_TREE) {
    const parent = ++catId;
    insCat.run(parent, top.name, null, slugify(top.name));
    for (const leaf of top.children) {
      insCat.run(++catId, leaf.name, parent, slugify(leaf.name));
      leaves.push({ id: catId, leaf, prefix: top.skuPrefix });
    }
  }
  counts.categories = catId;

  // products: log-normal prices per category, most of the catalogue exists before the order window
  const insProduct = ins(
    'INSERT INTO products (id, sku, name, category_id, price, cost, currency, created_at, is_active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const leafSampler = new WeightedSampler(leaves.map((l) => l.leaf.weight));
  const products: Product[] = [];
  const popularity: number[] = [];
  const productCount = Math.max(20, Math.round(500 * Math.min(1, scale)));
  for (let id = 1; id <= productCount; id++) {
    const { id: categoryId, leaf, prefix } = leaves[leafSampler.sample(rng)]!;
    const raw = rng.logNormal(Math.log(leaf.medianPrice), leaf.priceSigma);
    const price = Math.min(4999, Math.max(1, Math.floor(raw))) + 0.99;
    const cost = round2(price * rng.float(0.35, 0.7));
    const createdDay = id === 1 || rng.bool(0.72) ? rng.int(0, ORDER_START - 1) : rng.int(ORDER_START, LATEST_PRODUCT);
    const active = rng.bool(0.93);
    let name = `${rng.pick(D.BRANDS)} ${rng.pick(D.PRODUCT_ADJECTIVES)} ${rng.pick(leaf.nouns)}`;
    if (rng.bool(0.3)) name += ` - ${rng.pick(D.COLORS)}`;
    const sku = `${prefix}-${String(categoryId).padStart(2, '0')}${String(id).padStart(5, '0')}`;
    insProduct.run(id, sku, name, categoryId, price, cost, 'USD', DAY_STR[createdDay], active ? 1 : 0);
    products.push({ id, price, createdDay, lowQuality: rng.bool(0.1) });
    popularity.push((rng.logNormal(0, 1.1) * (active ? 1 : 0.3)) / Math.sqrt(price / 10 + 1));
  }
  counts.products = productCount;
  const productSampler = new WeightedSampler(popularity);
  const baseCatalog = products.filter((p) => p.createdDay < ORDER_START);
  /** Popularity-weighted product already on sale at `day`, or null. */
  const productOn = (day: number, avoid: readonly number[]): Product | null => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const p = products[productSampler.sample(rng)]!;
      if (p.createdDay <= day && !avoid.includes(p.id)) return p;
    }
    return null;
  };

  // customers: weighted countries, Pareto-distributed activity (a few heavy buyers, a long tail)
  const insCustomer = ins(
    'INSERT INTO customers (id, email, first_name, last_name, country_code, city, signup_date, segment, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const customers: Customer[] = [];
  const emails = new Set<string>();
  const customerCount = Math.max(1, Math.round(5000 * scale));
  for (let id = 1; id <= customerCount; id++) {
    const country = rng.weightedPick(
      D.COUNTRIES,
      D.COUNTRIES.map((c) => c.weight),
    );
    const first = rng.pick(D.FIRST_NAMES);
    const last = rng.pick(D.LAST_NAMES);
    const segment = rng.weightedPick(D.SEGMENTS, D.SEGMENT_WEIGHTS);
    const signupDay = signupDays.sample(rng, SIGNUP_START);
    const [f, l] = [emailPart(first), emailPart(last)];
    let local = rng.pick([`${f}.${l}`, `${f}${l}`, `${f}_${l}`, `${f[0]}${l}`, `${f}.${l}${rng.int(1, 99)}`]);
    const domain =
      segment === 'business' ? rng.pick(D.COMPANY_DOMAINS) : rng.weightedPick(D.EMAIL_DOMAINS, D.EMAIL_DOMAIN_WEIGHTS);
    while (emails.has(`${local}@${domain}`)) local = `${f}.${l}${rng.int(1, 9999)}`;
    emails.add(`${local}@${domain}`);
    const phone = `${country.dialCode} ${rng.int(200, 999)} ${rng.int(100, 999)} ${String(rng.int(0, 9999)).padStart(4, '0')}`;
    insCustomer.run(
      id,
      `${local}@${domain}`,
      first,
      last,
      country.code,
      rng.pick(country.cities),
      DAY_STR[signupDay],
      segment,
      phone,
    );
    const boost = segment === 'vip' ? 2.5 : segment === 'business' ? 1.5 : 1;
    customers.push({ id, country: country.code, signupDay, segment, activity: Math.min(30, rng.pareto(1.3)) * boost });
  }
  counts.customers = customerCount;
  const firstActiveDay = (c: Customer): number => Math.max(c.signupDay, ORDER_START);
  // expected orders scale with activity and with how much (seasonally weighted) time the customer had
  const buyerSampler = new WeightedSampler(customers.map((c) => c.activity * activityDays.massFrom(firstActiveDay(c))));
  const visitorSampler = new WeightedSampler(customers.map((c) => Math.sqrt(c.activity)));

  // orders: draw (customer, timestamp) pairs, then number them chronologically
  const orderCount = Math.max(1, Math.round(20000 * scale));
  const draws: { c: Customer; ts: number; seq: number }[] = [];
  for (let seq = 0; seq < orderCount; seq++) {
    const c = customers[buyerSampler.sample(rng)]!;
    draws.push({ c, ts: timeOn(activityDays.sample(rng, firstActiveDay(c))), seq });
  }
  draws.sort((a, b) => a.ts - b.ts || a.seq - b.seq);

  const insOrder = ins(
    'INSERT INTO orders (id, customer_id, order_date, status, total_amount, discount, shipping_country, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insItem = ins(
    'INSERT INTO order_items (id, order_id, product_id, quantity, unit_price, line_total) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insPayment = ins(
    'INSERT INTO payments (id, order_id, amount, method, paid_at, status) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const countryWeights = D.COUNTRIES.map((c) => c.weight);
  const reviews: { productId: number; customerId: number; ts: number; lowQuality: boolean }[] = [];
  const reviewed = new Set<number>();
  let itemId = 0;
  let paymentId = 0;
  for (let i = 0; i < draws.length; i++) {
    const orderId = i + 1;
    const { c, ts } = draws[i]!;
    const day = Math.floor(ts / 86_400);
    const status = rng.weightedPick(
      D.ORDER_STATUSES,
      day > END - 14 ? D.RECENT_ORDER_STATUS_WEIGHTS : D.ORDER_STATUS_WEIGHTS,
    );
    const channel = rng.weightedPick(D.CHANNELS, D.CHANNEL_WEIGHTS);
    const shipTo =
      channel === 'store' || rng.bool(0.95) ? c.country : rng.weightedPick(D.COUNTRIES, countryWeights).code;
    const wanted = rng.weightedPick([1, 2, 3, 4, 5, 6], [30, 28, 18, 12, 7, 5]);
    const items: { p: Product; qty: number; unit: number; line: number }[] = [];
    const chosen: number[] = [];
    for (let k = 0; k < wanted; k++) {
      const p = productOn(day, chosen) ?? (k === 0 ? rng.pick(baseCatalog) : null);
      if (!p) continue;
      chosen.push(p.id);
      let qty = rng.weightedPick([1, 2, 3, 4, 5], [72, 17, 6, 3, 2]);
      if (c.segment === 'business' && rng.bool(0.3)) qty += rng.int(2, 10);
      const unit = rng.bool(0.12) ? round2(p.price * 0.8) : p.price;
      items.push({ p, qty, unit, line: round2(qty * unit) });
    }
    let subtotal = 0;
    for (const it of items) subtotal += it.line;
    const discount = rng.bool(0.22) ? round2(subtotal * rng.pick([0.05, 0.1, 0.15, 0.2])) : 0;
    const total = round2(subtotal - discount);
    insOrder.run(orderId, c.id, fmtTs(ts), status, total, discount, shipTo, channel);
    for (const it of items) {
      insItem.run(++itemId, orderId, it.p.id, it.qty, it.unit, it.line);
      const key = c.id * 100_000 + it.p.id;
      if (status === 'completed' && rng.bool(0.12) && !reviewed.has(key)) {
        const rts = ts + rng.int(3, 45) * 86_400 + rng.int(0, 86_399);
        if (rts <= END_TS) {
          reviewed.add(key);
          reviews.push({ productId: it.p.id, customerId: c.id, ts: rts, lowQuality: it.p.lowQuality });
        }
      }
    }
    if (status !== 'pending') {
      const method = rng.weightedPick(D.PAYMENT_METHODS, D.PAYMENT_METHOD_WEIGHTS);
      const paidTs = ts + (method === 'bank_transfer' ? rng.int(3600, 3 * 86_400) : rng.int(5, 600));
      const payStatus = status === 'refunded' ? 'refunded' : status === 'cancelled' ? 'voided' : 'captured';
      insPayment.run(++paymentId, orderId, total, method, fmtTs(paidTs), payStatus);
    }
  }
  counts.orders = draws.length;
  counts.order_items = itemId;
  counts.payments = paymentId;

  // product reviews, numbered chronologically; ratings skew high, weak products skew low
  const insReview = ins(
    'INSERT INTO product_reviews (id, product_id, customer_id, rating, title, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  reviews.sort((a, b) => a.ts - b.ts || a.customerId - b.customerId || a.productId - b.productId);
  reviews.forEach((r, idx) => {
    const rating = rng.weightedPick([1, 2, 3, 4, 5], r.lowQuality ? [22, 18, 22, 22, 16] : D.REVIEW_RATING_WEIGHTS);
    insReview.run(idx + 1, r.productId, r.customerId, rating, rng.pick(D.REVIEW_TITLES[rating]!), fmtTs(r.ts));
  });
  counts.product_reviews = reviews.length;

  // web sessions: ~40% anonymous, log-normal durations, conversion depends on traffic source and engagement
  const sessionCount = Math.max(1, Math.round(30000 * scale));
  type Session = { ts: number; seq: number; row: (string | number | null)[] };
  const sessions: Session[] = [];
  for (let seq = 0; seq < sessionCount; seq++) {
    const c = rng.bool(0.4) ? null : customers[visitorSampler.sample(rng)]!;
    const ts = timeOn(activityDays.sample(rng, c ? firstActiveDay(c) : ORDER_START));
    const device = rng.weightedPick(D.DEVICES, D.DEVICE_WEIGHTS);
    const browsers = D.BROWSERS_BY_DEVICE[device];
    const srcIdx = rng.weightedPick([0, 1, 2, 3, 4, 5, 6], D.TRAFFIC_SOURCE_WEIGHTS);
    const duration = Math.min(14_400, Math.max(3, Math.round(rng.logNormal(Math.log(150), 1.1))));
    const pages = Math.min(150, Math.max(1, Math.round(1 + (duration / 75) * rng.float(0.4, 1.6))));
    const pConvert = (c ? 0.09 : 0.02) * D.TRAFFIC_SOURCE_CONVERSION[srcIdx]! * (pages > 3 ? 1.5 : 0.4);
    const landing = rng.bool(0.55) ? (productOn(Math.floor(ts / 86_400), [])?.id ?? null) : null;
    sessions.push({
      ts,
      seq,
      row: [
        c?.id ?? null,
        fmtTs(ts),
        duration,
        pages,
        device,
        rng.weightedPick(browsers.names, browsers.weights),
        D.TRAFFIC_SOURCES[srcIdx]!,
        rng.bool(pConvert) ? 1 : 0,
        landing,
      ],
    });
  }
  sessions.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
  const insSession = ins(
    'INSERT INTO web_sessions (id, customer_id, session_start, duration_seconds, pages_viewed, device, browser, traffic_source, converted, landing_product_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  sessions.forEach((s, idx) => void insSession.run(idx + 1, ...s.row));
  counts.web_sessions = sessionCount;
  return counts;
}

/**
 * Generates a deterministic, realistic e-commerce SQLite database (categories, products, customers,
 * orders, order_items, payments, web_sessions, product_reviews) at `path`.
 *
 * The database is written to `<path>.tmp-<pid>` and renamed into place only once complete.
 * Throws if `path` already exists unless `options.overwrite` is true.
 */
export async function generateSampleDatabase(
  path: string,
  options: GenerateSampleDatabaseOptions = {},
): Promise<SampleDatabaseSummary> {
  const started = performance.now();
  const seed = options.seed ?? 42;
  const scale = options.scale ?? 1;
  if (!Number.isFinite(seed)) throw new Error(`Invalid sample seed: ${seed}`);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new Error(`Invalid sample scale: ${scale} (must be a positive number)`);
  const target = nodePath.resolve(path);
  if (fs.existsSync(target) && !options.overwrite) {
    throw new Error(`Refusing to create the sample database: ${target} already exists (use overwrite to replace it)`);
  }
  fs.mkdirSync(nodePath.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  let db: Db | undefined;
  let counts: Record<string, number>;
  try {
    db = new Database(tmp);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    const conn = db;
    counts = conn.transaction(() => populate(conn, seed, scale))();
    db.exec(INDEXES);
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    db.exec('ANALYZE');
    db.close();
    db = undefined;
    fs.renameSync(tmp, target);
  } catch (err) {
    if (db?.open) db.close();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  const tables = TABLES.map((name) => ({ name, rows: counts[name] ?? 0 }));
  return {
    path: target,
    tables,
    totalRows: tables.reduce((sum, t) => sum + t.rows, 0),
    elapsedMs: Math.round(performance.now() - started),
  };
}
