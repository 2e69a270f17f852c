import type { BusinessDataPoint, SchemaDataPoint } from '../datapoints/datapoint-model.js';
import type { DiscoveredRelationship, TableProfile } from '../profiling/profile-model.js';

/** What generators know about one table: its Schema DataPoint, profile and relationships. */
export interface TableGenerationInput {
  schema: SchemaDataPoint;
  profile?: TableProfile;
  /** Relationships where this table is the child (outgoing) or the parent (incoming). */
  outgoing: DiscoveredRelationship[];
  incoming: DiscoveredRelationship[];
}

/** What one generation run produced (`GeneratedDataPoints` of docs/rest-api.md). */
export interface GeneratedDataPoints {
  connection_id: string;
  schema_datapoints: SchemaDataPoint[];
  business_datapoints: BusinessDataPoint[];
  confidence_scores: Record<string, number>;
  /** Model name, or `heuristic` offline. */
  llm_model_used: string;
}

/** Human words of an identifier: `order_items` → `order items`. */
export function words(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A rough singular: `categories` → `category`, `orders` → `order`, `addresses` → `address`. */
export function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** A DataPoint id from parts: lower-case slug. */
export function slugId(...parts: string[]): string {
  return parts
    .join('_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}
