import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/check-layers.mjs', import.meta.url));
const roots: string[] = [];

/** A throwaway src/ tree: path → source. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'datachat-layers-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, 'src', path)), { recursive: true });
    writeFileSync(join(root, 'src', path), text);
  }
  return root;
}

function check(root: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('scripts/check-layers.mjs', () => {
  it('passes imports that point down the layers', () => {
    const root = tree({
      'commands/ask.ts': "import { AskService } from '../services/ask-service.js';\nexport const x = AskService;\n",
      'services/ask-service.ts': "import type { Store } from '../knowledge/store.js';\nexport class AskService {}\n",
      'knowledge/store.ts':
        "export interface Store { id: string }\n// import '../cli/main.js' in a comment is not an import\n",
    });
    const result = check(root);
    expect(result.output).toContain('no import cycles');
    expect(result.status).toBe(0);
  });

  it('fails on a lower layer importing a higher one, type-only and dynamic imports included', () => {
    const root = tree({
      'knowledge/store.ts':
        "import type { AskService } from '../services/ask-service.js';\nexport type S = AskService;\n",
      'datapoints/model.ts': "export async function f() { return import('../query/router.js'); }\n",
      'services/ask-service.ts': 'export class AskService {}\n',
      'query/router.ts': 'export const r = 1;\n',
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.output).toContain('knowledge must not import services (src/knowledge/store.ts:1');
    expect(result.output).toContain('datapoints must not import query (src/datapoints/model.ts:1');
  });

  it('fails on a file cycle and on a cycle between folders of one layer', () => {
    const root = tree({
      'llm/a.ts': "import { b } from '../knowledge/b.js';\nexport const a = () => b;\n",
      'knowledge/b.ts': "export { a } from '../llm/a.js';\nexport const b = 1;\n",
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/file cycle: src\/knowledge\/b\.ts → src\/llm\/a\.ts → src\/knowledge\/b\.ts/);
    expect(result.output).toMatch(/folder cycle: knowledge, llm/);
  });

  it('fails on a folder that is not in the layer list', () => {
    const result = check(tree({ 'plugins/p.ts': 'export const p = 1;\n' }));
    expect(result.status).toBe(1);
    expect(result.output).toContain('unknown layer: src/plugins');
  });
});
