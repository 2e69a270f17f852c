/**
 * Static word lists and reference data for the sample e-commerce database.
 * All names are fictional combinations; nothing here identifies a real person.
 */

export * from './sample-data-catalog.js';
export * from './sample-data-people.js';

export const ORDER_STATUSES = ['completed', 'shipped', 'pending', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Weights for orders older than two weeks. */
export const ORDER_STATUS_WEIGHTS: readonly number[] = [74, 5, 2, 11, 8];
/** Weights for the most recent orders (still in flight). */
export const RECENT_ORDER_STATUS_WEIGHTS: readonly number[] = [15, 45, 30, 8, 2];

export const CHANNELS = ['web', 'mobile', 'store'] as const;
export const CHANNEL_WEIGHTS: readonly number[] = [55, 35, 10];

export const PAYMENT_METHODS = ['card', 'paypal', 'bank_transfer', 'gift_card'] as const;
export const PAYMENT_METHOD_WEIGHTS: readonly number[] = [62, 22, 9, 7];

export const DEVICES = ['desktop', 'mobile', 'tablet'] as const;
export const DEVICE_WEIGHTS: readonly number[] = [42, 50, 8];

export const BROWSERS_BY_DEVICE: Readonly<
  Record<(typeof DEVICES)[number], { names: readonly string[]; weights: readonly number[] }>
> = {
  desktop: { names: ['Chrome', 'Safari', 'Edge', 'Firefox', 'Opera'], weights: [62, 14, 13, 9, 2] },
  mobile: { names: ['Chrome', 'Safari', 'Samsung Internet', 'Firefox'], weights: [50, 40, 8, 2] },
  tablet: { names: ['Safari', 'Chrome', 'Samsung Internet'], weights: [60, 33, 7] },
};

export const TRAFFIC_SOURCES = [
  'organic_search',
  'paid_search',
  'direct',
  'social',
  'email',
  'referral',
  'affiliate',
] as const;
export const TRAFFIC_SOURCE_WEIGHTS: readonly number[] = [32, 18, 20, 14, 8, 5, 3];
/** Conversion-rate multiplier per traffic source (same order as TRAFFIC_SOURCES). */
export const TRAFFIC_SOURCE_CONVERSION: readonly number[] = [1.0, 1.3, 1.4, 0.6, 2.0, 1.1, 0.9];

/** Order-volume multiplier per calendar month (Jan..Dec): holiday peak, summer dip. */
export const MONTH_SEASONALITY: readonly number[] = [
  0.85, 0.8, 0.9, 0.92, 0.95, 0.93, 0.88, 0.92, 0.98, 1.05, 1.5, 1.75,
];

/** Relative order volume per hour of day (UTC-ish local time), evening peak. */
export const HOUR_WEIGHTS: readonly number[] = [
  1.2, 0.7, 0.4, 0.3, 0.3, 0.5, 1.0, 1.8, 2.8, 3.5, 4.0, 4.3, 4.6, 4.5, 4.3, 4.2, 4.3, 4.6, 5.0, 5.6, 6.0, 5.6, 4.2,
  2.5,
];

export const REVIEW_RATING_WEIGHTS: readonly number[] = [5, 5, 10, 28, 52];

export const REVIEW_TITLES: Readonly<Record<number, readonly string[]>> = {
  1: ['Very disappointed', 'Broke after a week', 'Would not buy again', 'Not as described'],
  2: ['Below expectations', 'Poor quality', 'Meh', 'Runs small'],
  3: ['It is okay', 'Does the job', 'Average', 'Decent for the price'],
  4: ['Really good', 'Happy with it', 'Solid purchase', 'Good value'],
  5: ['Love it!', 'Excellent', 'Exactly what I needed', 'Highly recommend', 'Perfect'],
};
