import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Static, Type } from 'typebox';

/**
 * A kernel the gateway offers: what the user picks in JupyterLab's launcher. Configuration,
 * validated at start-up (STYX_KERNELS_SPECS_FILE, a JSON list), or the built-in defaults.
 */
export const KernelSpecConfigSchema = Type.Object({
  name: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' }),
  displayName: Type.String({ minLength: 1, maxLength: 128 }),
  language: Type.String({ default: 'python' }),
  /** Which provisioner starts it: `local`, `podman`, `slurm`. */
  provisioner: Type.String({ minLength: 1 }),
  /** Options for that provisioner (an image, a partition, a Python). */
  config: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
  /** `signal`: SIGINT to the kernel; `message`: interrupt_request on control (remote kernels). */
  interruptMode: Type.Enum(['signal', 'message'], { default: 'signal' }),
  env: Type.Record(Type.String(), Type.String(), { default: {} }),
  /** A folder with logo-32x32.png, logo-64x64.png… served as the spec's resources. */
  resourcesDir: Type.Optional(Type.String()),
});
export type KernelSpecConfig = Static<typeof KernelSpecConfigSchema>;

/** A kernel spec as Jupyter Server's `/api/kernelspecs` shows it. */
export interface KernelSpecModel {
  name: string;
  spec: {
    argv: string[];
    display_name: string;
    language: string;
    interrupt_mode: 'signal' | 'message';
    env: Record<string, string>;
    metadata: Record<string, unknown>;
  };
  resources: Record<string, string>;
}

export class KernelSpecs {
  private readonly byName: Map<string, KernelSpecConfig>;
  /** Each spec's resource files, listed once: the kernel specs are fixed for the process. */
  private readonly resources = new Map<string, string[]>();

  constructor(
    specs: KernelSpecConfig[],
    private readonly describe: (provisioner: string) => string,
  ) {
    this.byName = new Map(specs.map((spec) => [spec.name, spec]));
    for (const spec of specs) this.resources.set(spec.name, listResources(spec));
  }

  get defaultName(): string {
    return [...this.byName.keys()][0] ?? 'python3';
  }

  get(name: string): KernelSpecConfig | undefined {
    return this.byName.get(name);
  }

  all(): KernelSpecConfig[] {
    return [...this.byName.values()];
  }

  /** The model; `resourceBase` is where `GET kernelspecs/{name}/{file}` is served. */
  model(spec: KernelSpecConfig, resourceBase: string): KernelSpecModel {
    return {
      name: spec.name,
      spec: {
        // Informational (the launcher is the gateway's, not this argv): what runs in the end.
        argv: ['python', '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
        display_name: spec.displayName,
        language: spec.language,
        interrupt_mode: spec.interruptMode,
        env: {},
        // Where the kernel runs, for the kernel picker (Styx's extension shows it).
        metadata: {
          styx: { provisioner: spec.provisioner, runsOn: this.describe(spec.provisioner) },
        },
      },
      resources: Object.fromEntries(
        this.resourceFiles(spec).map((file) => [
          file.replace(/\.[a-z]+$/, ''),
          `${resourceBase}${encodeURIComponent(spec.name)}/${file}`,
        ]),
      ),
    };
  }

  /** The resource files of a spec (logos, kernel.js), by name only: never a path from a request. */
  resourceFiles(spec: KernelSpecConfig): string[] {
    return this.resources.get(spec.name) ?? [];
  }

  resourcePath(spec: KernelSpecConfig, file: string): string | undefined {
    return this.resourceFiles(spec).includes(file) && spec.resourcesDir
      ? join(spec.resourcesDir, file)
      : undefined;
  }
}

function listResources(spec: KernelSpecConfig): string[] {
  if (!spec.resourcesDir || !existsSync(spec.resourcesDir)) return [];
  return readdirSync(spec.resourcesDir)
    .filter((file) => /^(logo-(32x32|64x64|svg)\.(png|svg)|kernel\.(js|css))$/.test(file))
    .sort();
}
