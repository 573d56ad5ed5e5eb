import { parse as parseYaml } from 'yaml';
import type {
  CwlArgument,
  CwlBinding,
  CwlInput,
  CwlInputType,
  CwlOutput,
  CwlOutputType,
  CwlTool,
} from './cwl-tool.js';

/**
 * Styx's CWL subset: the OGC EO Application Package practice reduced to what runs the same on
 * podman, Slurm and Kubernetes without a JavaScript engine or a shell.
 *
 * Accepted: one `CommandLineTool` (alone, or the only process of a `$graph`), cwlVersion
 * v1.0–v1.2; `DockerRequirement` (dockerPull or dockerImageId, a local image), `ResourceRequirement`
 * (coresMin/Max, ramMin/Max as numbers), `EnvVarRequirement` (literal values), `NetworkAccess`
 * false — as requirements or hints; `baseCommand`; `arguments` as literal strings or bindings
 * with a literal valueFrom; inputs of type File, Directory, string, int, long, float, double,
 * boolean, optional (`?` or a union with null) and with defaults, bound with `inputBinding`
 * (position, prefix, separate); outputs of type File, File[] or Directory collected with
 * `outputBinding.glob` (literal patterns); label, doc and `s:`-style metadata.
 *
 * Everything else is refused with a message naming it: workflows, expressions and parameter
 * references (`$(…)`, `${…}`), InlineJavascript/ShellCommand/InitialWorkDir requirements,
 * network access, arrays, records and enums as inputs, secondaryFiles, stdin/stdout/stderr
 * redirection, valueFrom on inputs, loadContents, outputEval…
 */
export class CwlPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'CwlPackageError';
  }
}

export type CwlFormat = 'yaml' | 'json';

type Doc = Record<string, unknown>;

const VERSIONS = ['v1.0', 'v1.1', 'v1.2'] as const;
const TOP_LEVEL = new Set([
  'cwlVersion',
  'class',
  'id',
  'label',
  'doc',
  'requirements',
  'hints',
  'baseCommand',
  'arguments',
  'inputs',
  'outputs',
  '$namespaces',
  '$schemas',
]);
const INPUT_TYPES = new Set<string>([
  'string',
  'int',
  'long',
  'float',
  'double',
  'boolean',
  'File',
  'Directory',
]);
const EXPRESSION = /\$\(|\$\{/;
const ID = /^[A-Za-z0-9_.-]{1,128}$/;
const SUBSET = "outside Styx's CWL subset";

/** Parses a CWL document (YAML or JSON) and reduces it to the subset, or lists every problem. */
export function parseCwlPackage(text: string, format: CwlFormat): CwlTool {
  let document: unknown;
  try {
    document = format === 'json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new CwlPackageError([
      `the package is not valid ${format.toUpperCase()}: ${(error as Error).message}`,
    ]);
  }
  return cwlToolFrom(document);
}

/** The subset check on an already parsed document. */
export function cwlToolFrom(document: unknown): CwlTool {
  const problems: string[] = [];
  const tool = commandLineTool(document, problems);
  if (!tool) throw new CwlPackageError(problems);
  const result = reduce(tool, problems);
  if (problems.length > 0 || !result) throw new CwlPackageError(problems);
  return result;
}

/** The CommandLineTool itself: the document, or the only process of its `$graph`. */
function commandLineTool(document: unknown, problems: string[]): Doc | undefined {
  if (!isObject(document)) {
    problems.push('the package must be a CWL document (a YAML or JSON object)');
    return undefined;
  }
  if ('$graph' in document) {
    const graph = document.$graph;
    if (!Array.isArray(graph) || graph.length === 0) {
      problems.push("'$graph' must be a non-empty list of processes");
      return undefined;
    }
    const classes = graph.map((p) => (isObject(p) ? String(p.class) : typeof p));
    const other = classes.find((c) => c !== 'CommandLineTool');
    if (other) {
      problems.push(`class '${other}' in '$graph' is ${SUBSET} (only one CommandLineTool)`);
      return undefined;
    }
    if (graph.length > 1) {
      problems.push(`a '$graph' of ${graph.length} tools is ${SUBSET} (only one CommandLineTool)`);
      return undefined;
    }
    return {
      cwlVersion: document.cwlVersion,
      $namespaces: document.$namespaces,
      ...(graph[0] as Doc),
    };
  }
  if (document.class !== 'CommandLineTool') {
    problems.push(
      document.class === undefined
        ? "the package has no 'class': Styx deploys a CWL CommandLineTool"
        : `class '${String(document.class)}' is ${SUBSET} (only a CommandLineTool)`,
    );
    return undefined;
  }
  return document;
}

function reduce(doc: Doc, problems: string[]): CwlTool | undefined {
  const version = doc.cwlVersion;
  if (!VERSIONS.includes(version as (typeof VERSIONS)[number])) {
    problems.push(
      `cwlVersion ${JSON.stringify(version ?? null)} is not supported (use ${VERSIONS.join(', ')})`,
    );
  }
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL.has(key) && !isNamespaced(key)) problems.push(`'${key}' is ${SUBSET}`);
  }
  const rawId = typeof doc.id === 'string' ? doc.id.replace(/^.*#/, '') : undefined;
  if (!rawId) problems.push("the CommandLineTool needs an 'id': it becomes the process id");
  else if (!ID.test(rawId))
    problems.push(`id '${rawId}' must be 1–128 letters, digits, '_', '.' or '-'`);

  const requirements = requirementMap(doc.requirements, 'requirements', problems, true);
  const hints = requirementMap(doc.hints, 'hints', problems, false);
  const docker = requirements.DockerRequirement ?? hints.DockerRequirement;
  const image = dockerImage(docker, problems);
  const resources = resourceLimits(
    requirements.ResourceRequirement ?? hints.ResourceRequirement,
    problems,
  );
  const env = {
    ...envVars(hints.EnvVarRequirement, problems),
    ...envVars(requirements.EnvVarRequirement, problems),
  };

  const baseCommand = stringList(doc.baseCommand, 'baseCommand', problems);
  const args = argumentList(doc.arguments, problems);
  if (baseCommand.length === 0 && args.length === 0)
    problems.push("the tool needs a 'baseCommand' or 'arguments'");
  const inputs = parameterList(doc.inputs, 'inputs', problems).map((p) => input(p, problems));
  const outputs = parameterList(doc.outputs, 'outputs', problems).map((p) => output(p, problems));

  if (problems.length > 0 || !rawId || !image) return undefined;
  return {
    cwlVersion: version as CwlTool['cwlVersion'],
    id: rawId,
    version: metadataString(doc, 'softwareVersion') ?? '1.0.0',
    ...(typeof doc.label === 'string' ? { label: doc.label } : {}),
    ...(typeof doc.doc === 'string' ? { doc: doc.doc } : {}),
    keywords: metadataKeywords(doc),
    baseCommand,
    arguments: args,
    inputs: inputs.filter((i): i is CwlInput => i !== undefined),
    outputs: outputs.filter((o): o is CwlOutput => o !== undefined),
    image,
    ...resources,
    env,
  };
}

/** Requirements and hints come as a list of `{class: …}` or as a map keyed by class. */
function requirementMap(
  value: unknown,
  where: 'requirements' | 'hints',
  problems: string[],
  strict: boolean,
): Record<string, Doc> {
  if (value === undefined) return {};
  let entries: Array<[string, unknown]>;
  if (Array.isArray(value)) {
    entries = value.map((r) => [isObject(r) ? String(r.class) : '', r]);
  } else if (isObject(value)) {
    entries = Object.entries(value);
  } else {
    problems.push(`'${where}' must be a list or a map`);
    return {};
  }
  const known = new Set([
    'DockerRequirement',
    'ResourceRequirement',
    'EnvVarRequirement',
    'NetworkAccess',
  ]);
  const out: Record<string, Doc> = {};
  for (const [name, body] of entries) {
    const cls = name.replace(/^.*#/, '');
    if (!known.has(cls)) {
      // CWL: a hint a runner does not know is ignored; a requirement must be honoured.
      if (strict) problems.push(`requirement '${cls || '(no class)'}' is ${SUBSET}`);
      continue;
    }
    if (!isObject(body)) {
      problems.push(`${where}: ${cls} must be an object`);
      continue;
    }
    if (cls === 'NetworkAccess') {
      if (body.networkAccess !== false && strict)
        problems.push(
          `requirement 'NetworkAccess' is ${SUBSET}: jobs run without a network (inputs are staged for them)`,
        );
      continue;
    }
    out[cls] = body;
  }
  return out;
}

function dockerImage(docker: Doc | undefined, problems: string[]): string | undefined {
  if (!docker) {
    problems.push(
      'the tool needs a DockerRequirement (dockerPull or dockerImageId): Styx runs every process in a container',
    );
    return undefined;
  }
  for (const key of Object.keys(docker)) {
    if (!['class', 'dockerPull', 'dockerImageId'].includes(key))
      problems.push(`DockerRequirement '${key}' is ${SUBSET}`);
  }
  const image = docker.dockerPull ?? docker.dockerImageId;
  if (typeof image !== 'string' || !/^[a-z0-9][a-z0-9._/:@-]{0,254}$/i.test(image)) {
    problems.push('DockerRequirement needs dockerPull (or dockerImageId): an image name');
    return undefined;
  }
  return image;
}

function resourceLimits(
  resource: Doc | undefined,
  problems: string[],
): { cores?: number; ramMiB?: number } {
  if (!resource) return {};
  const number = (key: string): number | undefined => {
    const v = resource[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      problems.push(
        `ResourceRequirement ${key} must be a positive number (expressions are ${SUBSET})`,
      );
      return undefined;
    }
    return v;
  };
  for (const key of Object.keys(resource)) {
    if (
      ![
        'class',
        'coresMin',
        'coresMax',
        'ramMin',
        'ramMax',
        'tmpdirMin',
        'tmpdirMax',
        'outdirMin',
        'outdirMax',
      ].includes(key)
    )
      problems.push(`ResourceRequirement '${key}' is ${SUBSET}`);
  }
  const cores = number('coresMin') ?? number('coresMax');
  const ram = number('ramMin') ?? number('ramMax');
  return {
    ...(cores !== undefined ? { cores } : {}),
    ...(ram !== undefined ? { ramMiB: Math.ceil(ram) } : {}),
  };
}

function envVars(requirement: Doc | undefined, problems: string[]): Record<string, string> {
  if (!requirement) return {};
  const defs = requirement.envDef;
  const pairs: Array<[unknown, unknown]> = Array.isArray(defs)
    ? defs.map((d) => (isObject(d) ? [d.envName, d.envValue] : [undefined, undefined]))
    : isObject(defs)
      ? Object.entries(defs)
      : [];
  const env: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      problems.push('EnvVarRequirement: every envDef needs an envName (a variable name)');
    } else if (typeof value !== 'string' || EXPRESSION.test(value)) {
      problems.push(`EnvVarRequirement ${name}: only literal values (expressions are ${SUBSET})`);
    } else env[name] = value;
  }
  return env;
}

function stringList(value: unknown, where: string, problems: string[]): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
    problems.push(`'${where}' must be a string or a list of strings`);
    return [];
  }
  for (const s of list) {
    if (EXPRESSION.test(s))
      problems.push(`'${where}': expressions and parameter references are ${SUBSET}`);
  }
  return list;
}

function argumentList(value: unknown, problems: string[]): CwlArgument[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push("'arguments' must be a list");
    return [];
  }
  const out: CwlArgument[] = [];
  value.forEach((arg, index) => {
    if (typeof arg === 'string') {
      if (EXPRESSION.test(arg))
        problems.push(
          `arguments[${index}]: expressions and parameter references ($(…), \${…}) are ${SUBSET}`,
        );
      out.push({ index, position: 0, separate: true, value: arg });
      return;
    }
    if (!isObject(arg)) {
      problems.push(`arguments[${index}] must be a string or a binding`);
      return;
    }
    const binding = bindingOf(arg, `arguments[${index}]`, problems, ['valueFrom']);
    const valueFrom = arg.valueFrom;
    if (typeof valueFrom !== 'string') {
      problems.push(`arguments[${index}] needs a valueFrom string`);
      return;
    }
    if (EXPRESSION.test(valueFrom))
      problems.push(
        `arguments[${index}]: expressions and parameter references ($(…), \${…}) are ${SUBSET}`,
      );
    out.push({ index, ...binding, value: valueFrom });
  });
  return out;
}

function bindingOf(raw: Doc, where: string, problems: string[], extra: string[] = []): CwlBinding {
  for (const key of Object.keys(raw)) {
    if (!['position', 'prefix', 'separate', ...extra].includes(key))
      problems.push(`${where}: '${key}' is ${SUBSET}`);
  }
  const position = raw.position ?? 0;
  if (typeof position !== 'number' || !Number.isInteger(position)) {
    problems.push(`${where}: position must be an integer (expressions are ${SUBSET})`);
  }
  if (raw.prefix !== undefined && (typeof raw.prefix !== 'string' || EXPRESSION.test(raw.prefix)))
    problems.push(`${where}: prefix must be a literal string`);
  if (raw.separate !== undefined && typeof raw.separate !== 'boolean')
    problems.push(`${where}: separate must be true or false`);
  return {
    position: typeof position === 'number' ? position : 0,
    ...(typeof raw.prefix === 'string' ? { prefix: raw.prefix } : {}),
    separate: raw.separate !== false,
  };
}

/** Inputs and outputs come as a list with `id`s or as a map keyed by id (or id → type). */
function parameterList(value: unknown, where: string, problems: string[]): Doc[] {
  if (value === undefined) {
    problems.push(`the tool has no '${where}' (an empty list or map is fine)`);
    return [];
  }
  const entries: Doc[] = [];
  if (Array.isArray(value)) {
    for (const p of value) {
      if (!isObject(p) || typeof p.id !== 'string')
        problems.push(`every ${where} entry needs an id`);
      else entries.push({ ...p, id: p.id.replace(/^.*[#/]/, '') });
    }
  } else if (isObject(value)) {
    for (const [id, p] of Object.entries(value)) {
      entries.push(
        typeof p === 'string' || Array.isArray(p) ? { id, type: p } : { ...(p as Doc), id },
      );
    }
  } else problems.push(`'${where}' must be a list or a map`);
  for (const p of entries) {
    if (!ID.test(String(p.id)))
      problems.push(`${where} id '${String(p.id)}' must be letters, digits, '_', '.' or '-'`);
  }
  return entries;
}

/** `File?`, `[null, File]`, `File[]`, `{type: array, items: File}` → the base type and flags. */
function typeOf(raw: unknown): { base: string; optional: boolean; array: boolean } | undefined {
  let optional = false;
  let t = raw;
  if (Array.isArray(t)) {
    const rest = t.filter((x) => x !== 'null');
    if (rest.length !== 1) return undefined;
    optional = rest.length < t.length;
    t = rest[0];
  }
  if (typeof t === 'string') {
    let s = t;
    if (s.endsWith('?')) {
      optional = true;
      s = s.slice(0, -1);
    }
    if (s.endsWith('[]')) return { base: s.slice(0, -2), optional, array: true };
    return { base: s, optional, array: false };
  }
  if (isObject(t) && t.type === 'array' && typeof t.items === 'string')
    return { base: t.items, optional, array: true };
  if (isObject(t) && typeof t.type === 'string')
    return { base: `${t.type}-type`, optional, array: false };
  return undefined;
}

function input(p: Doc, problems: string[]): CwlInput | undefined {
  const where = `input '${String(p.id)}'`;
  for (const key of Object.keys(p)) {
    if (
      !['id', 'type', 'label', 'doc', 'default', 'inputBinding', 'format', 'streamable'].includes(
        key,
      ) &&
      !isNamespaced(key)
    )
      problems.push(`${where}: '${key}' is ${SUBSET}`);
  }
  const t = typeOf(p.type);
  if (!t || t.array || !INPUT_TYPES.has(t.base)) {
    problems.push(
      `${where}: type ${JSON.stringify(p.type ?? null)} is ${SUBSET} (File, Directory, string, int, long, float, double, boolean, optionally with '?')`,
    );
    return undefined;
  }
  const type = t.base as CwlInputType;
  let defaultValue: CwlInput['default'];
  if (p.default !== undefined && p.default !== null) {
    if (type === 'File' || type === 'Directory') {
      problems.push(`${where}: a default ${type} is ${SUBSET}`);
    } else if (!scalarMatches(type, p.default)) {
      problems.push(`${where}: default ${JSON.stringify(p.default)} is not a ${type}`);
    } else defaultValue = p.default as string | number | boolean;
  }
  let binding: CwlBinding | undefined;
  if (p.inputBinding !== undefined) {
    if (!isObject(p.inputBinding)) problems.push(`${where}: inputBinding must be an object`);
    else binding = bindingOf(p.inputBinding, `${where} inputBinding`, problems);
  }
  return {
    id: String(p.id),
    type,
    optional: t.optional || defaultValue !== undefined,
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    ...(typeof p.label === 'string' ? { label: p.label } : {}),
    ...(typeof p.doc === 'string' ? { doc: p.doc } : {}),
    ...(binding ? { binding } : {}),
  };
}

function output(p: Doc, problems: string[]): CwlOutput | undefined {
  const where = `output '${String(p.id)}'`;
  for (const key of Object.keys(p)) {
    if (
      !['id', 'type', 'label', 'doc', 'outputBinding', 'format', 'streamable'].includes(key) &&
      !isNamespaced(key)
    )
      problems.push(`${where}: '${key}' is ${SUBSET}`);
  }
  const t = typeOf(p.type);
  let type: CwlOutputType | undefined;
  if (t?.base === 'File') type = t.array ? 'File[]' : 'File';
  else if (t?.base === 'Directory' && !t.array) type = 'Directory';
  if (!t || !type) {
    problems.push(
      `${where}: type ${JSON.stringify(p.type ?? null)} is ${SUBSET} (File, File[] or Directory; stdout and values need expressions)`,
    );
    return undefined;
  }
  const binding = p.outputBinding;
  if (!isObject(binding)) {
    problems.push(`${where} needs an outputBinding with a glob`);
    return undefined;
  }
  for (const key of Object.keys(binding)) {
    if (key !== 'glob') problems.push(`${where}: outputBinding '${key}' is ${SUBSET}`);
  }
  const glob = stringList(binding.glob, `${where} glob`, problems);
  if (glob.length === 0) problems.push(`${where} needs a glob`);
  for (const g of glob) {
    if (g.startsWith('/') || g.split('/').includes('..'))
      problems.push(`${where}: glob '${g}' must stay inside the output folder`);
  }
  return {
    id: String(p.id),
    type,
    optional: t.optional,
    glob,
    ...(typeof p.label === 'string' ? { label: p.label } : {}),
    ...(typeof p.doc === 'string' ? { doc: p.doc } : {}),
  };
}

function scalarMatches(type: CwlInputType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'int':
    case 'long':
      return Number.isInteger(value);
    case 'float':
    case 'double':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

/** `s:author`, `https://schema.org/version`: metadata CWL lets any document carry. */
function isNamespaced(key: string): boolean {
  return /^[A-Za-z][\w+.-]*:/.test(key);
}

function metadataString(doc: Doc, name: string): string | undefined {
  for (const [key, value] of Object.entries(doc)) {
    if (isNamespaced(key) && key.split(/[:/#]/).pop() === name && typeof value === 'string')
      return value;
  }
  return undefined;
}

function metadataKeywords(doc: Doc): string[] {
  for (const [key, value] of Object.entries(doc)) {
    if (isNamespaced(key) && key.split(/[:/#]/).pop() === 'keywords') {
      if (typeof value === 'string')
        return value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    }
  }
  return [];
}

function isObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
