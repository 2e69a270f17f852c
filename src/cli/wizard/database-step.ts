import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigFile } from '../../config/config-file.js';
import { connectionIdSchema } from '../../config/config-schema.js';
import { SECRET_PREFIX } from '../../config/secret-store.js';
import type { EngineType } from '../../connectors/engine-type.js';
import { ENGINE_DESCRIPTORS, engineDescriptor, engineFromUrl, urlPrefixes } from '../../connectors/registry.js';
import { AbortedError, ConnectionError } from '../../errors.js';
import { connectionIdFromName, ConnectionService } from '../../services/connection-service.js';
import { SAMPLE_CONNECTION, SAMPLE_DB_RELATIVE } from '../../services/init-service.js';
import type { PromptChoice } from '../../terminal/prompts.js';
import { askConnectionFields, suggestedName } from './connection-prompts.js';
import { forgetConnection } from './init-state.js';
import type { WizardContext } from './wizard-context.js';

type DatabaseKind = 'sample' | EngineType | 'url';

/**
 * Step 1: add one or more databases, each tested before going on. Connections already in the project
 * (from an interrupted run, `db add` or `init --sample`) are kept and tested unless this run did.
 */
export async function databasesStep(w: WizardContext): Promise<void> {
  for (const connection of [...w.project.config.connections]) {
    if (!w.state.tested.includes(connection.id)) await testWithRecovery(w, connection.id);
  }
  for (;;) {
    const connections = w.project.config.connections;
    if (connections.length === 0) {
      await addDatabase(w);
      continue;
    }
    w.output.line(
      `Databases: ${connections.map((c) => `${c.id} (${c.type}${w.project.defaultConnection()?.id === c.id ? ', default' : ''})`).join(', ')}`,
    );
    const next = await w.prompts.select<'continue' | 'add'>({
      message: 'Add another database?',
      choices: [
        {
          value: 'continue',
          name: `No, continue with ${connections.length === 1 ? 'this database' : `these ${connections.length} databases`}`,
        },
        { value: 'add', name: 'Yes, add another database' },
      ],
    });
    if (next === 'continue') return;
    await addDatabase(w);
  }
}

async function addDatabase(w: WizardContext): Promise<void> {
  const hasSample = w.project.config.connections.some((c) => c.id === SAMPLE_CONNECTION);
  const choices: PromptChoice<DatabaseKind>[] = [
    ...(hasSample
      ? []
      : [
          {
            value: 'sample' as const,
            name: 'Sample database (SQLite, generated)',
            description: 'an e-commerce database (~130k rows) generated on this machine: nothing to connect to',
          },
        ]),
    // Server engines first, file engines (SQLite) after them, next to the URL choice.
    ...byUrlForm('authority').map((d) => ({ value: d.id, name: d.label })),
    ...byUrlForm('path').map((d) => ({ value: d.id, name: d.label })),
    { value: 'url', name: 'Paste a connection URL', description: serverUrlsFirst().join(', ') },
  ];
  const kind = await w.prompts.select<DatabaseKind>({
    message: 'What kind of database?',
    choices,
    pageSize: choices.length,
  });
  let id: string;
  if (kind === 'sample') id = await addSample(w);
  else if (kind === 'url') id = await addFromUrl(w);
  else id = await addFromFields(w, kind);
  await testWithRecovery(w, id);
}

function byUrlForm(form: 'authority' | 'path') {
  return ENGINE_DESCRIPTORS.filter((d) => d.urlForm === form);
}

/** The URL prefixes as the choices list engines: servers (`postgresql://`) first, files (`sqlite:`) last. */
function serverUrlsFirst(): string[] {
  const prefixes = urlPrefixes();
  return [...prefixes.filter((p) => p.endsWith('//')), ...prefixes.filter((p) => !p.endsWith('//'))];
}

async function addSample(w: WizardContext): Promise<string> {
  const file = join(w.project.paths.root, SAMPLE_DB_RELATIVE);
  if (!existsSync(file)) {
    const progress = await w.progress();
    try {
      progress.step('Generating the sample e-commerce database');
      const { generateSampleDatabase } = await import('../../sample/generate-sample-database.js');
      const summary = await generateSampleDatabase(file);
      progress.done(
        `Sample database: ${summary.totalRows.toLocaleString('en-US')} rows in ${summary.tables.length} tables (${Math.round(summary.elapsedMs)} ms)`,
      );
    } finally {
      progress.stop();
    }
  }
  new ConnectionService(w.project).add({
    name: SAMPLE_CONNECTION,
    url: `sqlite:${SAMPLE_DB_RELATIVE}`,
    tags: ['sample'],
    description: 'Generated e-commerce sample database',
  });
  return SAMPLE_CONNECTION;
}

async function addFromUrl(w: WizardContext, previous?: { id: string; url: string }): Promise<string> {
  const url = await w.prompts.input({
    message: `Connection URL ${w.output.color.dim('(a password in it is stored encrypted in .datachat/secrets.json)')}:`,
    ...(previous ? { default: previous.url } : {}),
    validate: (v) =>
      engineFromUrl(v.trim())
        ? true
        : `Start it with ${serverUrlsFirst()
            .join(', ')
            .replace(/, ([^,]*)$/, ' or $1')}`,
  });
  const engine = engineFromUrl(url.trim())!;
  const service = new ConnectionService(w.project);
  if (previous) {
    const wasDefault = w.project.defaultConnection()?.id === previous.id;
    const name = w.project.connection(previous.id).name ?? previous.id;
    service.remove(previous.id);
    return service.add({ name, url: url.trim(), makeDefault: wasDefault || w.project.config.connections.length === 0 })
      .connection_id;
  }
  // The last path segment names the database (or file, or dataset) in every scheme we accept.
  const guess = url
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/i, '')
    .split(/[?#]/)[0]!
    .split('/')
    .pop()
    ?.replace(/^.*@/, '')
    .replace(/\.[^.]*$/, '');
  const name = await askName(w, guess || engine);
  return service.add({ name, url: url.trim() }).connection_id;
}

async function addFromFields(
  w: WizardContext,
  engine: EngineType,
  previous?: { id: string; fields: Record<string, unknown> },
): Promise<string> {
  w.output.line(
    w.output.color.dim(`${engineDescriptor(engine).label}: press Enter to leave a field unset (the default applies).`),
  );
  let answers = await askConnectionFields(w.prompts, engine, previous?.fields, w.output.color.dim);
  while (Object.keys(answers.fields).length === 0) {
    w.output.warn('Fill in at least one field (for example the host or the database).');
    answers = await askConnectionFields(w.prompts, engine, previous?.fields, w.output.color.dim);
  }
  const id = previous?.id ?? connectionIdFromName(await askName(w, suggestedName(engine, answers.fields)));
  saveFieldsConnection(w, {
    id,
    engine,
    fields: answers.fields,
    secretKeys: answers.secretKeys,
    replace: Boolean(previous),
  });
  return id;
}

/** The connection's name (its id is the slug of it), unique in the project. */
async function askName(w: WizardContext, suggestion: string): Promise<string> {
  const taken = new Set(w.project.config.connections.map((c) => c.id));
  const base = connectionIdFromName(suggestion) || 'database';
  let unique = base;
  for (let n = 2; taken.has(unique); n++) unique = `${base}_${n}`;
  return (
    await w.prompts.input({
      message: 'Name for this connection:',
      default: unique,
      validate: (v) => {
        const id = connectionIdFromName(v);
        if (!connectionIdSchema.safeParse(id).success) return 'Use letters, digits, "_" or "-".';
        return taken.has(id) ? `A connection "${id}" already exists.` : true;
      },
    })
  ).trim();
}

/**
 * Writes a connection given as fields into .datachat.yml. Secret fields go to the encrypted secret
 * store and the YAML keeps a `secret:<id>.<field>` reference (values already references are kept).
 */
function saveFieldsConnection(
  w: WizardContext,
  input: { id: string; engine: EngineType; fields: Record<string, unknown>; secretKeys: string[]; replace: boolean },
): void {
  const { project } = w;
  const stored: Record<string, unknown> = { ...input.fields };
  for (const key of input.secretKeys) {
    const value = stored[key];
    if (value === undefined || (typeof value === 'string' && value.startsWith(SECRET_PREFIX))) continue;
    project.secrets.set(`${input.id}.${key}`, typeof value === 'string' ? value : JSON.stringify(value));
    stored[key] = `${SECRET_PREFIX}${input.id}.${key}`;
  }
  const file = ConfigFile.open(project.paths.configFile);
  const wasDefault = project.defaultConnection()?.id === input.id;
  const previous = input.replace ? project.config.connections.find((c) => c.id === input.id) : undefined;
  if (input.replace) file.removeConnection(input.id);
  file.addConnection(
    {
      id: input.id,
      ...(previous?.name ? { name: previous.name } : {}),
      type: input.engine,
      fields: stored,
      tags: previous?.tags ?? [],
      ...(previous?.description ? { description: previous.description } : {}),
    },
    input.replace ? wasDefault : project.config.connections.length === 0,
  );
  file.save();
  project.reload();
}

/** Tests a connection until it works, or the user edits it, or skips (removes) it. */
async function testWithRecovery(w: WizardContext, initialId: string): Promise<void> {
  let id = initialId;
  const service = new ConnectionService(w.project);
  for (;;) {
    const progress = await w.progress();
    try {
      progress.step(`Testing ${id}`);
      const result = await service.test(id);
      if (!result.ok) throw new ConnectionError(result.message ?? `The test of ${id} failed.`);
      progress.done(
        `${id}: connected in ${Math.round(result.latency_ms)} ms — ${result.server_version ?? 'unknown version'}`,
      );
      for (const warning of result.warnings) w.output.warn(warning);
      if (!w.state.tested.includes(id)) w.state.tested.push(id);
      w.save();
      return;
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      progress.fail(`${id}: the connection test failed`);
      w.output.error(error, w.project.knownSecrets());
    } finally {
      progress.stop();
    }
    // A failed connector may hold a broken pool; the next test gets a fresh one.
    await w.project.close();
    const connection = w.project.connection(id);
    const editable = id !== SAMPLE_CONNECTION;
    const choice = await w.prompts.select<'retry' | 'edit' | 'skip'>({
      message: `What now with ${id}?`,
      choices: [
        { value: 'retry', name: 'Retry the test' },
        ...(editable ? [{ value: 'edit' as const, name: 'Edit the connection settings' }] : []),
        { value: 'skip', name: 'Skip this database', description: 'remove it from the project' },
      ],
    });
    if (choice === 'skip') {
      service.remove(id);
      forgetConnection(w.state, id);
      w.save();
      w.output.line(`Removed ${id}.`);
      return;
    }
    if (choice === 'edit') {
      forgetConnection(w.state, id);
      if (connection.url !== undefined && connection.fields === undefined)
        id = await addFromUrl(w, { id, url: connection.url });
      else id = await addFromFields(w, connection.type, { id, fields: connection.fields ?? {} });
      await w.project.close();
    }
  }
}
