import { type TSchema, Type } from 'typebox';
import {
  FileInputSchema,
  FileOutputSchema,
  type ProcessDefinition,
  type ProcessInput,
  type ProcessOutput,
} from '../process.js';
import { cwlCommandLine } from './cwl-command.js';
import { type CwlFormat, CwlPackageError, parseCwlPackage } from './cwl-subset.js';
import type { CwlInput, CwlTool } from './cwl-tool.js';

/** Media types OGC API – Processes Part 2 names for a CWL application package. */
export const CWL_MEDIA_TYPES: Record<string, CwlFormat> = {
  'application/cwl': 'yaml',
  'application/cwl+yaml': 'yaml',
  'application/cwl+json': 'json',
};

/** OGC API – Processes Part 2's own package: `{ processDescription?, executionUnit }`. */
export const OGC_APP_PACKAGE = 'application/ogcapppkg+json';

/**
 * The CWL inside an OGC application package: its execution unit's `value` (CWL as text or as
 * a JSON object). Packages given by reference (`href`) are refused: the service does not fetch
 * URLs it is told to.
 */
export function cwlFromAppPackage(text: string): { text: string; mediaType: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new CwlPackageError([`the package is not valid JSON: ${(error as Error).message}`]);
  }
  const unit = (body as { executionUnit?: unknown } | null)?.executionUnit;
  const one = Array.isArray(unit) ? (unit.length === 1 ? unit[0] : undefined) : unit;
  if (typeof one !== 'object' || one === null) {
    throw new CwlPackageError([
      "an OGC application package needs one 'executionUnit' holding the CWL as its 'value'",
    ]);
  }
  const { value, href, mediaType } = one as {
    value?: unknown;
    href?: unknown;
    mediaType?: unknown;
  };
  if (href !== undefined && value === undefined) {
    throw new CwlPackageError([
      'execution units by reference (href) are not fetched: send the CWL itself as the value',
    ]);
  }
  if (typeof value === 'string') {
    const type =
      typeof mediaType === 'string' && mediaType in CWL_MEDIA_TYPES
        ? mediaType
        : 'application/cwl+yaml';
    return { text: value, mediaType: type };
  }
  if (typeof value === 'object' && value !== null)
    return { text: JSON.stringify(value), mediaType: 'application/cwl+json' };
  throw new CwlPackageError(["the execution unit's 'value' must be the CWL document"]);
}

/**
 * A deployed process from its CWL package: described by the tool's inputs and outputs, run as
 * the tool's command line in its DockerRequirement image, in the output folder as the working
 * directory (CWL runs a tool in its output directory and globs its outputs there).
 */
export function processFromCwl(
  text: string,
  mediaType: string,
  deployedBy: string,
): ProcessDefinition {
  const format = CWL_MEDIA_TYPES[mediaType] ?? 'yaml';
  const tool = parseCwlPackage(text, format);
  return processFromTool(tool, { mediaType, document: text }, deployedBy);
}

export function processFromTool(
  tool: CwlTool,
  pkg: { mediaType: string; document: string },
  deployedBy: string,
): ProcessDefinition {
  return {
    id: tool.id,
    version: tool.version,
    title: tool.label ?? tool.id,
    description: tool.doc ?? tool.label ?? `deployed from CWL by ${deployedBy}`,
    keywords: tool.keywords,
    jobControlOptions: ['async-execute', 'dismiss'],
    inputs: Object.fromEntries(tool.inputs.map((i) => [i.id, processInput(i)])),
    outputs: Object.fromEntries(
      tool.outputs.map((o): [string, ProcessOutput] => [
        o.id,
        {
          title: o.label ?? o.id,
          description: o.doc ?? '',
          schema: o.type === 'File' ? FileOutputSchema : Type.Array(FileOutputSchema),
          files: { glob: o.glob, kind: o.type, optional: o.optional },
        },
      ]),
    ),
    image: tool.image,
    resources: {
      ...(tool.cores !== undefined ? { cpus: tool.cores } : {}),
      ...(tool.ramMiB !== undefined ? { memoryMiB: tool.ramMiB } : {}),
    },
    // As the reference runner: HOME is the output directory, temporary files go to /tmp.
    env: { HOME: '/outputs', TMPDIR: '/tmp', ...tool.env },
    deployedBy,
    package: pkg,
    command: (values, files) => cwlCommandLine(tool, values, files),
  };
}

function processInput(input: CwlInput): ProcessInput {
  const base = {
    title: input.label ?? input.id,
    description: input.doc ?? input.label ?? input.id,
    optional: input.optional,
  };
  if (input.type === 'File')
    return { ...base, schema: FileInputSchema, file: { mediaType: 'application/octet-stream' } };
  if (input.type === 'Directory') {
    return {
      ...base,
      description: `${base.description} (a folder: the list of its files' URLs)`,
      schema: Type.Array(FileInputSchema, { minItems: 1, maxItems: 1000 }),
      file: { mediaType: 'application/octet-stream', directory: true },
    };
  }
  const schemas: Record<string, TSchema> = {
    string: Type.String({ maxLength: 10_000 }),
    int: Type.Integer({ minimum: -(2 ** 31), maximum: 2 ** 31 - 1 }),
    long: Type.Integer(),
    float: Type.Number(),
    double: Type.Number(),
    boolean: Type.Boolean(),
  };
  const schema = schemas[input.type] as TSchema;
  return {
    ...base,
    schema: input.default === undefined ? schema : { ...schema, default: input.default },
  };
}
