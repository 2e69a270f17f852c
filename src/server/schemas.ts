import type { z } from 'zod';
import { dataPointSchema } from '../datapoints/datapoint-model.js';
import { errorBodySchema, jobAcceptedSchema, notInitializedSchema, syncResultSchema } from './schemas-common.js';
import { connectionViewSchema, engineSchema } from './schemas-databases.js';
import {
  databaseProfileSchema,
  dataPointChangeSchema,
  generateResultSchema,
  pendingItemSchema,
  profileResultSchema,
  reviewResultSchema,
  searchResultSchema,
} from './schemas-datapoints.js';
import { jobViewSchema } from './schemas-jobs.js';
import { answerSchema, initializeResultSchema, initStatusSchema } from './schemas-system-chat.js';

/**
 * Request and response schemas of the REST API (the contract of docs/rest-api.md), one file per route group;
 * this file re-exports them all. Requests are
 * validated with them (route.ts); the OpenAPI document is generated from them (openapi.ts); the
 * integration tests parse every response with them. Request bodies are strict: an unknown field is a
 * 400 naming it, so a typo never silently does nothing.
 */

export * from './schemas-common.js';
export * from './schemas-databases.js';
export * from './schemas-datapoints.js';
export * from './schemas-jobs.js';
export * from './schemas-system-chat.js';

/** Names of the shared schemas in the OpenAPI document's components. */
export const COMPONENT_NAMES = new Map<z.ZodType, string>([
  [errorBodySchema, 'Error'],
  [notInitializedSchema, 'SystemNotInitialized'],
  [jobAcceptedSchema, 'JobAccepted'],
  [jobViewSchema, 'Job'],
  [syncResultSchema, 'SyncResult'],
  [connectionViewSchema, 'DatabaseConnection'],
  [generateResultSchema, 'GenerateResult'],
  [profileResultSchema, 'ProfileResult'],
  [databaseProfileSchema, 'DatabaseProfile'],
  [pendingItemSchema, 'PendingDataPoint'],
  [reviewResultSchema, 'ReviewResult'],
  [dataPointSchema, 'DataPoint'],
  [dataPointChangeSchema, 'DataPointChange'],
  [initStatusSchema, 'InitStatus'],
  [initializeResultSchema, 'InitializeResult'],
  [answerSchema, 'Answer'],
  [engineSchema, 'Engine'],
  [searchResultSchema, 'DataPointSearchResult'],
]);
