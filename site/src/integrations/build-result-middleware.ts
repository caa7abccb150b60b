/**
 * Middleware of the build-result integration (./build-result.ts), added only to builds
 * that write a result file: marks when prerendering reaches its first page (unless
 * astro:build:ssr marked it already) and when each prerendered page is done, so the
 * images phase begins after the last one. Prerendering does not stream: a page is
 * rendered completely when next() resolves. Requests served on demand pass untouched.
 */
import type { MiddlewareHandler } from 'astro';
import { markPageRendered, markPhase } from '../lib/build-result.ts';

export const onRequest: MiddlewareHandler = async (context, next) => {
  if (!context.isPrerendered) return next();
  markPhase('render');
  const response = await next();
  markPageRendered();
  return response;
};
