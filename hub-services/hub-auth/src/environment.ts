import type { Static, TObject } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Reads a service's environment once, at its edge (STYLE: "Read configuration at the edge,
 * once"): the schema's keys that are set and not empty, defaults filled in, strings converted
 * to the schema's types, then checked. Every bad key is named in one message (with the allowed
 * values of an enumeration), thrown as the service's own configuration error.
 */
export function readEnvironment<T extends TObject>(
  schema: T,
  env: Record<string, string | undefined>,
  fail: (message: string) => Error,
): Static<T> {
  const relevant = Object.fromEntries(
    Object.keys(schema.properties)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const converted = Value.Convert(schema, Value.Default(schema, relevant));
  const errors = [...Value.Errors(schema, converted)];
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      const hint = allowed ? ` (${allowed.join(', ')})` : '';
      return `${e.instancePath.slice(1) || '(root)'}: ${e.message}${hint}`;
    });
    throw fail(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return converted as Static<T>;
}
