/**
 * Errors of the importer, each carrying what a person needs to fix the export.
 */

/** The export cannot be turned into an article; says where and what was expected. */
export class ImportParseError extends Error {
  readonly line: number;
  readonly expected: string;
  readonly found: string | null;
  readonly source: string | null;

  constructor(init: { line: number; expected: string; found?: string | null; source?: string | null }) {
    const where = `${init.source ? `${init.source}:` : ''}line ${init.line}`;
    const found = init.found === undefined || init.found === null ? '' : `, found ${init.found}`;
    super(`${where}: expected ${init.expected}${found}`);
    this.name = 'ImportParseError';
    this.line = init.line;
    this.expected = init.expected;
    this.found = init.found ?? null;
    this.source = init.source ?? null;
  }
}
