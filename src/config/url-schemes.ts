import { URL_SCHEMES } from '../connectors/engine-type.js';

/**
 * The URL schemes datachat accepts, for messages and hints, read from the connectors' own table so
 * a new engine (or scheme alias) shows up without editing any message: `postgresql://, ..., sqlite:`.
 */
export function urlSchemeList(): string {
  const schemes = Object.entries(URL_SCHEMES).map(([scheme, engine]) =>
    engine === 'sqlite' ? `${scheme}:` : `${scheme}://`,
  );
  return schemes.join(', ');
}
