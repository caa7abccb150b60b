/**
 * Test harness: a throwaway PostgreSQL server (Debian's `postgresql` package)
 * in a temporary folder on a free loopback port, with trust authentication for
 * one database user. `npm test` installs the package when it can; without it,
 * the PostgreSQL test project is left out with a message (vitest.config.ts).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';

export type PostgresInstance = {
  host: string;
  port: number;
  user: string;
  database: string;
  stop(): void;
};

export class PostgresStartError extends Error {
  readonly step: string;
  constructor(step: string, detail: string) {
    super(`PostgreSQL test server: ${step} failed: ${detail}`);
    this.name = 'PostgresStartError';
    this.step = step;
  }
}

/** The newest installed server's bin folder (e.g. /usr/lib/postgresql/15/bin), or undefined. */
export function findPostgresBin(root = '/usr/lib/postgresql'): string | undefined {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(path.join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/** Runs a server command as the `postgres` system user when we are root (initdb refuses root). */
function run(step: string, command: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const result = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new PostgresStartError(step, (result.stderr || result.stdout || String(result.error)).trim());
}

export async function startPostgres(): Promise<PostgresInstance> {
  const bin = findPostgresBin();
  if (!bin) throw new PostgresStartError('locating the server', 'no /usr/lib/postgresql/*/bin/pg_ctl (apt-get install postgresql)');
  const dir = mkdtempSync(path.join(tmpdir(), 'tilshi-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const user = 'tilshi';
  const database = 'tilshi_test';
  const stop = () => {
    if (existsSync(path.join(data, 'postmaster.pid'))) {
      spawnSync(process.getuid?.() === 0 ? 'runuser' : path.join(bin, 'pg_ctl'), [
        ...(process.getuid?.() === 0 ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl')] : []),
        '-D',
        data,
        '-m',
        'immediate',
        '-w',
        'stop',
      ]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', path.join(bin, 'initdb'), ['-D', data, '-U', user, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
    run('start', path.join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ]);
    run('createdb', path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]);
  } catch (error) {
    stop();
    throw error;
  }
  return { host: '127.0.0.1', port, user, database, stop };
}

/** The environment that points a Strapi of this repository (cms/config/database.ts) at `postgres`. */
export function strapiPostgresEnv(postgres: Pick<PostgresInstance, 'host' | 'port' | 'user' | 'database'>): Record<string, string> {
  return {
    DATABASE_CLIENT: 'postgres',
    DATABASE_HOST: postgres.host,
    DATABASE_PORT: String(postgres.port),
    DATABASE_NAME: postgres.database,
    DATABASE_USERNAME: postgres.user,
    DATABASE_PASSWORD: '',
    DATABASE_URL: '',
    DATABASE_SSL: 'false',
  };
}
