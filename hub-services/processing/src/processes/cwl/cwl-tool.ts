/**
 * A CWL CommandLineTool reduced to Styx's subset (see cwl-subset.ts for what it accepts): what
 * the rest of the service needs to describe the process, build its command line and collect its
 * outputs. Plain data, JSON-serialisable.
 */
export type CwlScalarType = 'string' | 'int' | 'long' | 'float' | 'double' | 'boolean';
export type CwlInputType = CwlScalarType | 'File' | 'Directory';
export type CwlOutputType = 'File' | 'File[]' | 'Directory';

/** How a value lands on the command line (CWL `CommandLineBinding`, without expressions). */
export interface CwlBinding {
  position: number;
  prefix?: string;
  /** `--prefix value` (true, CWL's default) or `--prefixvalue`. */
  separate: boolean;
}

export interface CwlInput {
  id: string;
  type: CwlInputType;
  optional: boolean;
  default?: string | number | boolean;
  label?: string;
  doc?: string;
  binding?: CwlBinding;
}

/** A literal command-line argument (CWL `arguments`), in document order (`index`). */
export interface CwlArgument extends CwlBinding {
  index: number;
  value: string;
}

export interface CwlOutput {
  id: string;
  type: CwlOutputType;
  optional: boolean;
  /** Patterns relative to the output folder (CWL `outputBinding.glob`). */
  glob: string[];
  label?: string;
  doc?: string;
}

export interface CwlTool {
  cwlVersion: 'v1.0' | 'v1.1' | 'v1.2';
  id: string;
  version: string;
  label?: string;
  doc?: string;
  keywords: string[];
  baseCommand: string[];
  arguments: CwlArgument[];
  inputs: CwlInput[];
  outputs: CwlOutput[];
  /** DockerRequirement's dockerPull or dockerImageId: a local image, never pulled. */
  image: string;
  cores?: number;
  ramMiB?: number;
  env: Record<string, string>;
}
