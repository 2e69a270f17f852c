import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepStaleTempFiles, writeFileAtomic } from './atomic-write.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'datachat-atomic-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('in a project, leaves only the target beside it (temp files live in .datachat/tmp)', () => {
    mkdirSync(join(root, '.datachat'));
    const file = join(root, 'datapoints', 'shop', 'business', 'revenue.yaml');
    writeFileAtomic(file, 'a: 1\n');
    writeFileAtomic(file, 'a: 2\n', 0o600);
    expect(readFileSync(file, 'utf8')).toBe('a: 2\n');
    expect(readdirSync(join(root, 'datapoints', 'shop', 'business'))).toEqual(['revenue.yaml']);
    expect(readdirSync(join(root, '.datachat', 'tmp'))).toEqual([]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('outside a project, writes through a hidden temp file beside the target', () => {
    const file = join(root, 'plain', 'x.json');
    writeFileAtomic(file, '{}\n');
    expect(readdirSync(join(root, 'plain'))).toEqual(['x.json']);
  });
});

describe('sweepStaleTempFiles', () => {
  it("removes dead writers' temp files, keeps live ones and files that are not datachat's", () => {
    const tmp = join(root, '.datachat', 'tmp');
    mkdirSync(tmp, { recursive: true });
    mkdirSync(join(root, 'datapoints', 'shop'), { recursive: true });
    const dead = 2 ** 22 + 17; // above Linux's largest pid_max: never a live process
    const files = {
      deadInTmp: join(tmp, `a.yaml.tmp-${dead}-0`),
      liveInTmp: join(tmp, `b.yaml.tmp-${process.pid}-0`),
      legacy: join(root, 'datapoints', 'shop', `c.yaml.tmp-${process.pid}-1`),
      hiddenDead: join(root, 'datapoints', 'shop', `.d.yaml.tmp-${dead}-0`),
      hiddenLive: join(root, 'datapoints', 'shop', `.e.yaml.tmp-${process.pid}-0`),
      foreign: join(root, `notes.txt.tmp-${dead}-0`),
      gitignore: join(root, `.gitignore.tmp-${process.pid}-2`),
    };
    for (const f of Object.values(files)) writeFileSync(f, 'x');
    const removed = sweepStaleTempFiles(join(root, '.datachat'), {
      trees: [join(root, 'datapoints')],
      folders: [root],
    });
    expect(removed.sort()).toEqual([files.deadInTmp, files.legacy, files.hiddenDead, files.gitignore].sort());
  });
});
