/**
 * Where a kernel runs, behind one interface that mirrors jupyter_client's provisioning API
 * (`jupyter_client/provisioning/provisioner_base.py`): pre-launch, launch, poll, wait, signal,
 * terminate, kill and an idempotent cleanup. A provisioner keeps no state of its own: what it
 * needs to find its kernel again (a pid, a container id, a job id) is the `ProvisionedKernel`
 * it returns from launch, which the gateway persists, so kernels survive a gateway restart.
 */
export interface KernelProvisioner {
  /** The provisioner's kind, as kernel specs name it: `local`, `podman`, `slurm`, `kubernetes`. */
  readonly kind: string;
  /** What the kernel picker shows: where kernels of this provisioner run. */
  describe(): string;
  /** Builds everything launch needs (jupyter_client: pre_launch). Pure where it can be. */
  preLaunch(request: LaunchRequest): Promise<LaunchPlan>;
  /** Starts the launcher; it registers the kernel's ports with the gateway by itself. */
  launch(plan: LaunchPlan): Promise<ProvisionedKernel>;
  /**
   * undefined while the kernel runs (or is still queued, for a batch job); its exit code, or
   * `-1` when unknown, once it has ended or cannot be found.
   */
  poll(kernel: ProvisionedKernel): Promise<number | undefined>;
  /** Whether the kernel still waits for resources (a PENDING Slurm job, an unscheduled pod). */
  pending?(kernel: ProvisionedKernel): Promise<boolean>;
  /** Resolves with the exit code once the kernel ended, or undefined after timeoutMs. */
  wait(kernel: ProvisionedKernel, timeoutMs: number): Promise<number | undefined>;
  sendSignal(kernel: ProvisionedKernel, signal: NodeJS.Signals): Promise<void>;
  /** Asks the kernel to stop (SIGTERM or the backend's equivalent). */
  terminate(kernel: ProvisionedKernel): Promise<void>;
  /** Stops it now (SIGKILL, container kill, scancel). */
  kill(kernel: ProvisionedKernel): Promise<void>;
  /** Removes whatever the kernel left (container, job, log). Idempotent; safe after kill. */
  cleanup(kernel: ProvisionedKernel, restart: boolean): Promise<void>;
  /** The launcher's output, for a launch that failed (last lines). */
  logs?(kernel: ProvisionedKernel): Promise<string>;
  close?(): Promise<void>;
}

export interface LaunchRequest {
  kernelId: string;
  owner: string;
  specName: string;
  /** Variables for the kernel: KERNEL_* from the client, the spec's env, the launcher's own. */
  environment: Record<string, string>;
  /** The directory the kernel starts in, when the client gave one that exists there. */
  workingDir: string | undefined;
  /** Provisioner options from the kernel spec (`metadata.styx.provisioner.config`). */
  config: Record<string, unknown>;
}

export interface LaunchPlan {
  request: LaunchRequest;
  /** Backend-specific, built by preLaunch (argv, container spec, job script). */
  [key: string]: unknown;
}

/** What the gateway persists about a launched kernel for its provisioner. */
export interface ProvisionedKernel {
  kind: string;
  /** Backend-specific handles: pid, container id, job id. JSON only. */
  [key: string]: unknown;
}
