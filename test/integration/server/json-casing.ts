/**
 * Keys whose values are data, not API fields: result rows keyed by the database's column names,
 * sample rows, free-form error details, DataPoint field values quoted in a diff.
 */
const DATA_KEYS = new Set(['data', 'sample_data', 'details', 'current', 'proposed', 'top_values']);

/** Paths of object keys (outside data values) that are not snake_case, e.g. `sync.upToDate`. */
export function camelCaseKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => camelCaseKeys(item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = path ? `${path}.${key}` : key;
    const own = /[A-Z]/.test(key) ? [at] : [];
    return DATA_KEYS.has(key) ? own : [...own, ...camelCaseKeys(child, at)];
  });
}
