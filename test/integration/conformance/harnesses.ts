import type { EngineHarness } from './harness.js';
import { sqliteHarness } from './sqlite-harness.js';

/** Every engine in the conformance suite; each connector adds its harness here. */
export const HARNESSES: Record<string, () => EngineHarness> = {
  sqlite: sqliteHarness,
};
