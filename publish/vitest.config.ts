import { defineConfig } from 'vitest/config';
import projects from './vitest.project.ts';

/** The publish service's tests on their own: `vitest run --config publish/vitest.config.ts` (the root config lists the same projects). */
export default defineConfig({ test: { projects } });
