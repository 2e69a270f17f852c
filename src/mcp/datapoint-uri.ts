import { TYPE_FOLDERS, type DataPointType } from '../datapoints/datapoint-model.js';

/** The URI template of DataPoints as MCP resources: the folder layout of `datapoints/`. */
export const DATAPOINT_URI_TEMPLATE = 'datachat://{connection}/{type}/{id}';

/** `datachat://sample/business/revenue` for the Business DataPoint `revenue` of `sample`. */
export function dataPointUri(d: { connection: string; type: DataPointType; id: string }): string {
  return `datachat://${encodeURIComponent(d.connection)}/${TYPE_FOLDERS[d.type]}/${encodeURIComponent(d.id)}`;
}

/** The DataPoint type of a URI's type segment (`business` → `Business`), undefined when none. */
export function typeOfFolder(folder: string): DataPointType | undefined {
  const entry = Object.entries(TYPE_FOLDERS).find(([, f]) => f === folder.toLowerCase());
  return entry?.[0] as DataPointType | undefined;
}
