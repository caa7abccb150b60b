/**
 * Real Chromium for the browser tests: Debian's binary driven by
 * playwright-core, in a fresh persistent profile (never a downloaded browser).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Chromium = { context: BrowserContext; close(): Promise<void> };

/** Launches Chromium with its own temporary profile; close() ends it and removes the profile. */
export async function launchChromium(viewport: { width: number; height: number }): Promise<Chromium> {
  const profile = await mkdtemp(path.join(tmpdir(), 'tilshi-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
