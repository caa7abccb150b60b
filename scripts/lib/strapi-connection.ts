/**
 * Where the scripts' Strapi is and which token writes to it: STRAPI_URL and
 * STRAPI_WRITE_TOKEN from the environment, else CMS_PORT/HOST and
 * STRAPI_WRITE_TOKEN from cms/.env (written by `npm start`). Also checks that
 * Strapi answers and accepts the token before a task starts writing, so a
 * task fails with one message naming the fix instead of a stack trace.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv, readEnvText } from './env-file.ts';
import { StrapiClient, StrapiRequestError } from '@tilshi/strapi-client';

export const CMS_ENV_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cms/.env');

/** `from` says where the URL came from, for error messages. */
export type StrapiConnection = { url: string; writeToken: string; from: string };

/** Strapi cannot be used as configured; the message says what to do. */
export class StrapiConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrapiConnectionError';
  }
}

/** Pure: the connection from the environment and the text of cms/.env (undefined when the file does not exist). */
export function resolveStrapiConnection(env: NodeJS.ProcessEnv, envFileText: string | undefined, envFile = CMS_ENV_FILE): StrapiConnection {
  const fileValues = envFileText === undefined ? new Map<string, string>() : parseEnv(envFileText);
  const relFile = path.relative(process.cwd(), envFile) || envFile;

  let url = env.STRAPI_URL?.trim();
  let urlFrom = 'STRAPI_URL';
  if (!url) {
    const port = env.CMS_PORT?.trim() || fileValues.get('CMS_PORT')?.trim() || '1337';
    url = `http://127.0.0.1:${port}`;
    urlFrom = fileValues.has('CMS_PORT') ? `CMS_PORT in ${relFile}` : 'the default port';
  }
  if (!/^https?:\/\//.test(url)) throw new StrapiConnectionError(`STRAPI_URL must start with http:// or https://; found "${url}".`);

  let writeToken = env.STRAPI_WRITE_TOKEN?.trim();
  if (!writeToken) writeToken = fileValues.get('STRAPI_WRITE_TOKEN')?.trim();
  if (!writeToken) {
    throw new StrapiConnectionError(
      envFileText === undefined
        ? `No write token: STRAPI_WRITE_TOKEN is not set and ${relFile} does not exist. Run \`npm start\` once (it writes ${relFile} with the token and starts Strapi), or export STRAPI_WRITE_TOKEN and STRAPI_URL.`
        : `No write token: STRAPI_WRITE_TOKEN is empty in the environment and in ${relFile}. Run \`npm start\` (it fills in missing secrets) and restart Strapi, or export STRAPI_WRITE_TOKEN.`,
    );
  }
  return { url: url.replace(/\/+$/, ''), writeToken, from: urlFrom };
}

/** Reads the connection from process.env and cms/.env. */
export function strapiConnectionFromEnv(): StrapiConnection {
  return resolveStrapiConnection(process.env, readEnvText(CMS_ENV_FILE));
}

/** Throws StrapiConnectionError unless Strapi answers at `url` and accepts the write token. */
export async function assertStrapiWritable(connection: StrapiConnection): Promise<void> {
  const rest = new StrapiClient({ baseUrl: connection.url, token: connection.writeToken, retries: 0 });
  if (!(await rest.isHealthy())) {
    throw new StrapiConnectionError(
      `Strapi is not reachable at ${connection.url} (from ${connection.from}). Start it with \`npm start\`, or set STRAPI_URL to where it runs.`,
    );
  }
  try {
    await rest.count('credits');
  } catch (error) {
    if (error instanceof StrapiRequestError && (error.status === 401 || error.status === 403)) {
      throw new StrapiConnectionError(
        `Strapi at ${connection.url} refused the write token (${error.status} ${error.errorName ?? ''}). The token must equal STRAPI_WRITE_TOKEN in the environment of the running Strapi (cms/.env); restart Strapi after changing it.`,
      );
    }
    throw error;
  }
}
