import type { BusinessDataPoint } from '../datapoints/datapoint-model.js';

/** The measure of a semantic query resolved against the model. */
export interface ResolvedMeasure {
  name: string;
  alias: string;
  table: string;
  expression: string;
  filters: string[];
  timeColumn?: string;
  metric?: BusinessDataPoint;
}
