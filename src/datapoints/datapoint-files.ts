import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TYPE_FOLDERS, type DataPoint } from './datapoint-model.js';

/** Every `.yaml`/`.yml` file below `dir`, sorted, skipping hidden folders. */
export function listYamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** File name of a DataPoint id: the slug itself, which is already file-name safe. */
export function dataPointFileName(dataPoint: Pick<DataPoint, 'id'>): string {
  return `${dataPoint.id}.yaml`;
}

/** `<root>/<connection>/<type folder>/<id>.yaml` — the layout of docs/datapoint-model.md#files, for approved and pending alike. */
export function dataPointPath(root: string, dataPoint: Pick<DataPoint, 'id' | 'type' | 'connection'>): string {
  return join(root, dataPoint.connection, TYPE_FOLDERS[dataPoint.type], dataPointFileName(dataPoint));
}
