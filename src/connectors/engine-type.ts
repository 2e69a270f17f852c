import type { ENGINE_DESCRIPTORS } from './registry.js';

/** Every engine datachat speaks: the ids of the descriptors `registry.ts` lists. */
export type EngineType = (typeof ENGINE_DESCRIPTORS)[number]['id'];

export { ENGINE_TYPES, engineFromUrl, URL_SCHEMES } from './registry.js';
