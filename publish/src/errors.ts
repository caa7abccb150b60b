/**
 * Named errors of the publish service. Each carries the context an operator
 * needs (which build, which file, what the CMS said) in its message; /status
 * shows the message of the last failure.
 */

/** A setting of the environment is missing or malformed. */
export class PublishConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishConfigError';
  }
}

/** `astro build` failed or timed out; `log` holds the end of its output. */
export class SiteBuildFailedError extends Error {
  readonly buildId: string;
  readonly log: string;

  constructor(buildId: string, detail: string, log: string) {
    super(`build ${buildId} failed: ${detail}${log ? `\n${lastLines(log, 25)}` : ''}`);
    this.name = 'SiteBuildFailedError';
    this.buildId = buildId;
    this.log = log;
  }
}

/** A post-build check refused the output: nothing of it went live. */
export class PostBuildCheckError extends Error {
  readonly buildId: string;
  readonly problems: readonly string[];

  constructor(buildId: string, problems: readonly string[]) {
    const shown = problems.slice(0, 10);
    super(
      `build ${buildId} failed its checks: ${shown.join('; ')}${problems.length > shown.length ? ` (+${problems.length - shown.length} more)` : ''}`,
    );
    this.name = 'PostBuildCheckError';
    this.buildId = buildId;
    this.problems = problems;
  }
}

/** The build's manifest (tilshi-build-manifest.json) is missing or malformed. */
export class BuildManifestError extends Error {
  readonly file: string;

  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'BuildManifestError';
    this.file = file;
  }
}

/** The live tree is not in a state the operation needs (no release yet, unknown release…). */
export class LiveTreeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiveTreeError';
  }
}

/** GitHub did not accept a repository dispatch (CI mode). */
export class DispatchError extends Error {
  readonly url: string;

  constructor(url: string, detail: string) {
    super(`${url.replace(/\?.*/, '')}: ${detail}`);
    this.name = 'DispatchError';
    this.url = url;
  }
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
