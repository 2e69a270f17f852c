import { urlPrefixes } from '../connectors/registry.js';

/**
 * The URL schemes datachat accepts, for messages and hints, read from the engine descriptors so a new
 * engine (or scheme alias) shows up without editing any message: `sqlite:, file:, postgres://, ...`.
 */
export function urlSchemeList(): string {
  return urlPrefixes().join(', ');
}
