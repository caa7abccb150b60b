/**
 * What the benchmark ran on, for the report: CPU count and model, memory
 * (`free -g`), load average at the start (other work on a 2-core machine
 * skews every number), Node, Astro and Hugo versions.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type MachineInfo = {
  cpus: number;
  cpuModel: string;
  memory: string;
  loadAverage: string;
  node: string;
  astro: string;
  hugo: string;
};

function tryExec(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unavailable';
  }
}

/** The `version` field of a workspace package, or "unavailable". */
function packageVersion(nodeModules: string, name: string): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(nodeModules, name, 'package.json'), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string'
      ? parsed.version
      : 'unavailable';
  } catch {
    return 'unavailable';
  }
}

export function machineInfo(workspaceNodeModules: string): MachineInfo {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return '';
    }
  })();
  const free = tryExec('free', ['-g']).split('\n');
  const memLine = free.find((line) => line.startsWith('Mem:'))?.split(/\s+/) ?? [];
  return {
    cpus: Number(tryExec('nproc', [])) || os.availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    memory: memLine.length >= 4 ? `${memLine[1]} GiB total, ${memLine[3]} GiB free at start (free -g)` : 'unknown',
    loadAverage: os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' '),
    node: process.version,
    astro: packageVersion(workspaceNodeModules, 'astro'),
    hugo: tryExec('hugo', ['version']).split(' ').slice(0, 2).join(' '),
  };
}
