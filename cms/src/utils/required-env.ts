/**
 * Reads a secret that Strapi cannot start without, failing with one clear
 * message naming the variable and the fix instead of a stack trace deep in
 * Strapi. Secrets come only from the environment (cms/.env.example lists them).
 */
export class MissingEnvError extends Error {
  constructor(readonly variable: string) {
    super(
      `${variable} is not set. Copy cms/.env.example to cms/.env and fill it in, ` +
        'or run `npm start` at the repository root, which generates local secrets.',
    );
    this.name = 'MissingEnvError';
  }
}

export function requiredEnv(name: string, value: string | undefined = process.env[name]): string {
  if (value === undefined || value.trim() === '') throw new MissingEnvError(name);
  return value;
}

export function requiredEnvList(name: string): string[] {
  return requiredEnv(name)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
