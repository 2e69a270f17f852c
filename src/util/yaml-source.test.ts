import { describe, expect, it } from 'vitest';
import { parseYamlSource } from './yaml-source.js';

/** "Billion laughs": each level repeats the previous one nine times. */
const BOMB = [
  'version: 1',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  '',
].join('\n');

describe('parseYamlSource', () => {
  it('refuses an alias bomb as a located syntax issue instead of throwing', () => {
    const source = parseYamlSource('/p/.datachat.yml', BOMB);
    expect(source.value).toBeUndefined();
    expect(source.syntaxIssues).toEqual([
      { file: '/p/.datachat.yml', line: 3, message: expect.stringContaining('YAML bomb') },
    ]);
  });

  it('still accepts ordinary aliases', () => {
    const source = parseYamlSource('/p/x.yaml', 'base: &base {type: postgresql}\none: *base\ntwo: *base\n');
    expect(source.syntaxIssues).toEqual([]);
    const pg = { type: 'postgresql' };
    expect(source.value).toEqual({ base: pg, one: pg, two: pg });
  });

  it('locates syntax errors', () => {
    const source = parseYamlSource('/p/x.yaml', 'a: 1\nb: [1, 2\n');
    expect(source.syntaxIssues[0]).toMatchObject({ file: '/p/x.yaml', line: expect.any(Number) });
  });
});
