import { Value } from 'typebox/value';
import { hrefOf, itemOf, type ProcessDefinition } from '../processes/process.js';

/** The caller's request cannot run as it is: the message says what to fix (a 400). */
export class InvalidExecutionError extends Error {}

/**
 * The inputs of an execute request, checked against the process: every required input given,
 * none unknown, each value valid against its schema, and every file input (and the catalog item
 * it names) under one of `inputLocations`, since the service itself downloads them. Returns the
 * values to record; throws one InvalidExecutionError naming every problem at once.
 */
export function validateInputs(
  process: ProcessDefinition,
  inputs: Record<string, unknown>,
  inputLocations: readonly string[],
): Record<string, unknown> {
  const problems: string[] = [];
  for (const name of Object.keys(inputs)) {
    if (!(name in process.inputs)) problems.push(`unknown input '${name}'`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, input] of Object.entries(process.inputs)) {
    const given = inputs[name];
    if (given === undefined) {
      if (!input.optional) problems.push(`input '${name}' is required (${input.description})`);
      continue;
    }
    const errors = [...Value.Errors(input.schema, given)];
    if (errors.length > 0) {
      problems.push(
        `input '${name}': ${errors.map((e) => `${e.instancePath || ''} ${e.message}`.trim()).join('; ')}`,
      );
      continue;
    }
    if (input.file) {
      const outside = outsideLocations(given, inputLocations);
      if (outside !== undefined) {
        problems.push(
          `input '${name}': ${outside} is not a place Styx fetches inputs from (${inputLocations.join(', ') || 'none configured: STYX_PROCESSING_INPUT_LOCATIONS'})`,
        );
        continue;
      }
    }
    values[name] = given;
  }
  if (problems.length > 0) throw new InvalidExecutionError(problems.join('; '));
  return values;
}

/** The first link of a file input's value (its files and the items they name) not allowed. */
function outsideLocations(given: unknown, inputLocations: readonly string[]): string | undefined {
  const values = Array.isArray(given) ? given : [given];
  const hrefs = [
    ...values.map(hrefOf),
    ...values.map(itemOf).filter((i): i is string => i !== undefined),
  ];
  return hrefs.find((href) => !inputLocations.some((prefix) => href.startsWith(prefix)));
}
