import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../util/yaml-source.js';
import { interpolateEnv, interpolateString } from './interpolate-env.js';

const ENV = { A: 'a-value', B: 'b-value', EMPTY: '' };

function expand(text: string, env: Record<string, string> = ENV): { value: string; unset: string[] } {
  const unset: string[] = [];
  return { value: interpolateString(text, env, (name) => unset.push(name)), unset };
}

describe('interpolateString', () => {
  it.each([
    ['plain', 'plain', []],
    ['${A}', 'a-value', []],
    ['x${A}y${B}z', 'xa-valueyb-valuez', []],
    ['${MISSING:-fallback}', 'fallback', []],
    ['${EMPTY:-fallback}', 'fallback', []],
    ['${MISSING:-}', '', []],
    ['${A:-${B}}', 'a-value', []],
    ['${MISSING:-${B}}', 'b-value', []],
    ['${MISSING:-pre-${B}-post}', 'pre-b-value-post', []],
    ['${MISSING:-${NOPE:-${B}}}', 'b-value', []],
    // A default that is not used is not evaluated: its unset variables are no error.
    ['${A:-${NOPE}}', 'a-value', []],
    ['${MISSING:-${NOPE}}', '${NOPE}', ['NOPE']],
    ['${MISSING}', '${MISSING}', ['MISSING']],
    ['$${A} is literal', '${A} is literal', []],
    ['pa$$word and $HOME and {x}', 'pa$$word and $HOME and {x}', []],
    ['${MISSING:-a}b}', 'ab}', []],
  ])('%j → %j', (text, value, unset) => {
    expect(expand(text)).toEqual({ value, unset });
  });

  it.each([
    ['${X', /unterminated/],
    ['url-${A', /unterminated/],
    ['${A:-${B}', /unterminated/],
    ['${A:-x', /unterminated/],
    ['${}', /not a valid reference/],
    ['${1X}', /not a valid reference/],
    ['${A B}', /unexpected " "/],
    ['${A:x}', /unexpected ":"/],
    ['${', /unterminated/],
  ])('%j is refused', (text, message) => {
    expect(() => expand(text)).toThrow(message);
  });

  it('refuses deep nesting instead of recursing without bound', () => {
    expect(expand(`${'${M:-'.repeat(10)}x${'}'.repeat(10)}`).value).toBe('x');
    expect(() => expand(`${'${M:-'.repeat(20_000)}x${'}'.repeat(20_000)}`)).toThrow(/nested more than 10 levels/);
  });

  it('is linear on long input', () => {
    const text = `${'$'.repeat(300_000)} ${'{'.repeat(300_000)} ${'${A}'.repeat(100_000)} ${'$${'.repeat(100_000)}`;
    const started = performance.now();
    expect(expand(text).value.length).toBeGreaterThan(1_000_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('interpolateEnv', () => {
  it('reports malformed references with file, line and path, and keeps going', () => {
    const yaml = [
      'version: 1',
      'connections:',
      '  - id: wh',
      '    type: postgresql',
      '    url: postgresql://u:${PW@h/db',
      '    description: ${MISSING:-${ALSO}}',
      '',
    ].join('\n');
    const source = parseYamlSource('/p/.datachat.yml', yaml);
    const { issues } = interpolateEnv(source.value, {}, source);
    expect(issues).toEqual([
      { file: '/p/.datachat.yml', line: 5, path: 'connections[0].url', message: expect.stringContaining('"@"') },
      {
        file: '/p/.datachat.yml',
        line: 6,
        path: 'connections[0].description',
        message: 'environment variable ALSO is not set',
      },
    ]);
  });
});
