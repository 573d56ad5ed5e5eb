import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { KernelLaunchError, NotFoundError } from '../errors.js';
import type { KernelProvisioner, ProvisionedKernel } from '../provisioners/provisioner.js';
import type { ConnectionInfo } from './connection-info.js';
import { Kernel, type KernelRecord } from './kernel.js';
import { buildKernelEnvironment } from './kernel-environment.js';
import type { KernelSpecConfig, KernelSpecs } from './kernel-specs.js';
import type { KernelStore } from './kernel-store.js';
import type { Registrations } from './registrations.js';

export interface KernelServiceOptions {
  specs: KernelSpecs;
  provisioners: ReadonlyMap<string, KernelProvisioner>;
  store: KernelStore;
  registrations: Registrations;
  /** Where launchers POST their ports (the gateway's registration route, as kernels reach it). */
  registrationUrl: string;
  /** From launch to a kernel answering kernel_info; queued batch jobs wait on top of it. */
  launchTimeoutMs: number;
  /** How long a kernel may wait in a queue (a PENDING job, an unscheduled pod); default 30 min. */
  queueTimeoutMs?: number;
  /** How long a kernel may take to exit after shutdown_request before it is killed. */
  shutdownGraceMs?: number;
  /** What every kernel's environment starts from (PATH, LANG…), never the gateway's secrets. */
  baseEnvironment: Record<string, string>;
  log: Logger;
}

export interface StartKernelRequest {
  name?: string | undefined;
  env?: Record<string, string> | undefined;
  path?: string | undefined;
}

export interface CullPolicy {
  idleMs: number;
  /** Also cull kernels a client is connected to (jupyter_server's cull_connected). */
  connected: boolean;
  /** Also cull busy kernels (cull_busy). */
  busy: boolean;
}

/**
 * The kernels of every user: starting them through their spec's provisioner, waiting for the
 * launcher's registration, and shutting down, interrupting, restarting, culling and finding
 * them again after a gateway restart. Every operation takes the owner: another user's kernel
 * is not found.
 */
export class KernelService {
  private readonly kernels = new Map<string, Kernel>();
  private readonly shutdownGraceMs: number;

  constructor(private readonly options: KernelServiceOptions) {
    this.shutdownGraceMs = options.shutdownGraceMs ?? 5_000;
  }

  list(owner: string): Kernel[] {
    return [...this.kernels.values()].filter((kernel) => kernel.owner === owner);
  }

  /** Every kernel, for culling and metrics. */
  all(): Kernel[] {
    return [...this.kernels.values()];
  }

  get(owner: string, id: string): Kernel {
    const kernel = this.kernels.get(id);
    if (!kernel || kernel.owner !== owner) throw new NotFoundError(`no kernel ${id}`);
    return kernel;
  }

  spec(kernel: Kernel): KernelSpecConfig | undefined {
    return this.options.specs.get(kernel.record.specName);
  }

  async start(owner: string, request: StartKernelRequest): Promise<Kernel> {
    const name = request.name || this.options.specs.defaultName;
    const spec = this.options.specs.get(name);
    if (!spec) {
      throw new NotFoundError(
        `no kernel spec named ${JSON.stringify(name)}; this gateway offers ${this.options.specs
          .all()
          .map((s) => s.name)
          .join(', ')}`,
      );
    }
    const record: KernelRecord = {
      id: randomUUID(),
      owner,
      specName: spec.name,
      createdAt: new Date().toISOString(),
      provisioned: { kind: spec.provisioner },
    };
    const kernel = new Kernel(record, (error) => this.badMessage(kernel, error));
    this.kernels.set(record.id, kernel);
    try {
      await this.launch(kernel, spec, request.env ?? {});
    } catch (error) {
      this.kernels.delete(record.id);
      this.options.store.remove(record.id);
      throw error;
    }
    this.options.log.info({ kernel: record.id, owner, spec: spec.name }, 'kernel started');
    return kernel;
  }

  async interrupt(kernel: Kernel): Promise<void> {
    const spec = this.spec(kernel);
    if (spec?.interruptMode === 'message') {
      await kernel.sockets?.request('control', 'interrupt_request', {}, 5_000);
      return;
    }
    await this.provisioner(kernel).sendSignal(kernel.record.provisioned, 'SIGINT');
  }

  /** jupyter_client's restart: shut the kernel down, start it again under the same id. */
  async restart(kernel: Kernel): Promise<void> {
    const spec = this.spec(kernel);
    if (!spec) throw new NotFoundError(`the spec of kernel ${kernel.id} is no longer offered`);
    kernel.executionState = 'restarting';
    await this.stop(kernel, true);
    await this.launch(kernel, spec, {});
    this.options.log.info({ kernel: kernel.id }, 'kernel restarted');
  }

  async shutdown(kernel: Kernel, reason = 'shut down'): Promise<void> {
    kernel.executionState = 'terminating';
    await this.stop(kernel, false);
    this.kernels.delete(kernel.id);
    this.options.store.remove(kernel.id);
    kernel.end(reason);
    this.options.log.info({ kernel: kernel.id, reason }, 'kernel shut down');
  }

  /** Shuts down idle kernels (jupyter_server's culling); returns the ids culled. */
  async cull(policy: CullPolicy, now = Date.now()): Promise<string[]> {
    const culled: string[] = [];
    for (const kernel of this.all()) {
      const idle = now - kernel.lastActivity.getTime();
      if (idle < policy.idleMs) continue;
      if (!policy.connected && kernel.connections > 0) continue;
      if (!policy.busy && kernel.executionState === 'busy') continue;
      if (kernel.executionState === 'starting' || kernel.executionState === 'restarting') continue;
      await this.shutdown(kernel, `culled after ${Math.round(idle / 1000)} s idle`);
      culled.push(kernel.id);
    }
    return culled;
  }

  /**
   * Heartbeats: a kernel that misses its beat and whose process, container or job has ended is
   * dead. It stays listed as dead (a client may restart it) until shut down or culled.
   */
  async monitor(): Promise<void> {
    await Promise.all(
      this.all().map(async (kernel) => {
        if (kernel.executionState === 'dead' || !kernel.sockets) return;
        if (kernel.executionState === 'restarting' || kernel.executionState === 'terminating')
          return;
        if (await kernel.sockets.heartbeat(2_000)) return;
        const provisioner = this.provisioner(kernel);
        const code = await provisioner.poll(kernel.record.provisioned);
        if (code === undefined) return;
        this.options.log.warn({ kernel: kernel.id, code }, 'kernel died');
        kernel.executionState = 'dead';
        kernel.disconnect();
        await provisioner.cleanup(kernel.record.provisioned, true);
      }),
    );
  }

  /**
   * Finds the kernels an earlier gateway left: each one still running is reconnected with its
   * persisted ports and key; the rest (ended, or never registered) are cleaned up.
   */
  async restore(): Promise<{ restored: number; removed: number }> {
    let restored = 0;
    let removed = 0;
    for (const record of this.options.store.loadAll()) {
      const provisioner = this.options.provisioners.get(record.provisioned.kind);
      const kernel = new Kernel(record, (error) => this.badMessage(kernel, error));
      const alive = provisioner
        ? (await provisioner.poll(record.provisioned)) === undefined
        : false;
      if (!provisioner || !alive || !record.connection) {
        await provisioner?.kill(record.provisioned).catch(() => undefined);
        await provisioner?.cleanup(record.provisioned, false).catch(() => undefined);
        this.options.store.remove(record.id);
        removed += 1;
        continue;
      }
      const sockets = kernel.connect(record.connection);
      // Its state is unknown until it next reports on iopub; a beat proves it answers.
      kernel.executionState = (await sockets.heartbeat(2_000)) ? 'idle' : 'busy';
      this.kernels.set(record.id, kernel);
      restored += 1;
    }
    return { restored, removed };
  }

  /** Closes the gateway's sockets; the kernels keep running, to be restored by the next start. */
  close(): void {
    for (const kernel of this.all()) kernel.disconnect();
    this.kernels.clear();
  }

  async shutdownAll(): Promise<void> {
    await Promise.all(this.all().map((kernel) => this.shutdown(kernel, 'the gateway stopped')));
  }

  private provisioner(kernel: Kernel): KernelProvisioner {
    const provisioner = this.options.provisioners.get(kernel.record.provisioned.kind);
    if (!provisioner)
      throw new Error(`no ${kernel.record.provisioned.kind} provisioner configured`);
    return provisioner;
  }

  /**
   * Launches (or relaunches) a kernel and waits until it registered and answers. On any failure
   * or timeout, what was launched is killed and cleaned up: no orphan process, container or job.
   */
  private async launch(kernel: Kernel, spec: KernelSpecConfig, clientEnv: Record<string, string>) {
    const provisioner = this.options.provisioners.get(spec.provisioner);
    if (!provisioner) {
      throw new KernelLaunchError(
        `kernel spec ${spec.name} needs the ${spec.provisioner} provisioner, which is not configured`,
      );
    }
    const registration = this.options.registrations.open(kernel.id);
    const environment = buildKernelEnvironment({
      base: this.options.baseEnvironment,
      spec: spec.env,
      client: clientEnv,
      owner: kernel.owner,
      registration: { url: this.options.registrationUrl, token: registration.token },
    });
    const plan = await provisioner.preLaunch({
      kernelId: kernel.id,
      owner: kernel.owner,
      specName: spec.name,
      environment,
      workingDir: clientEnv.KERNEL_WORKING_DIR,
      config: spec.config,
    });
    let provisioned: ProvisionedKernel | undefined;
    try {
      provisioned = await provisioner.launch(plan);
      kernel.record.provisioned = provisioned;
      delete kernel.record.connection;
      // Saved before it registers: a gateway that crashes now still finds it to clean up.
      this.options.store.save(kernel.record);
      const connection = await this.awaitRegistration(
        provisioner,
        provisioned,
        registration.registered,
      );
      const sockets = kernel.connect(connection);
      this.options.store.save(kernel.record);
      if (!(await sockets.waitReady(this.options.launchTimeoutMs))) {
        throw new KernelLaunchError(
          `kernel ${kernel.id} registered but did not answer kernel_info within ${this.options.launchTimeoutMs / 1000} s`,
          504,
        );
      }
      kernel.executionState = 'idle';
      kernel.touch();
    } catch (error) {
      registration.cancel();
      kernel.disconnect();
      if (provisioned) {
        const logs = (await provisioner.logs?.(provisioned).catch(() => '')) ?? '';
        await provisioner.kill(provisioned).catch(() => undefined);
        await provisioner.cleanup(provisioned, false).catch(() => undefined);
        if (logs && error instanceof KernelLaunchError && error.statusCode === 500) {
          throw new KernelLaunchError(`${error.message}; its last output:\n${logs}`);
        }
      }
      throw error;
    }
  }

  /** The registration, or an error once the launcher exits or the launch timeout passes. */
  private async awaitRegistration(
    provisioner: KernelProvisioner,
    provisioned: ProvisionedKernel,
    registered: Promise<ConnectionInfo>,
  ): Promise<ConnectionInfo> {
    const began = Date.now();
    const queueLimit = began + (this.options.queueTimeoutMs ?? 30 * 60_000);
    let deadline = began + this.options.launchTimeoutMs;
    let connection: ConnectionInfo | undefined;
    void registered.then((info) => {
      connection = info;
    });
    for (;;) {
      if (connection) return connection;
      const code = await provisioner.poll(provisioned);
      if (connection) return connection;
      if (code !== undefined) {
        throw new KernelLaunchError(`the kernel exited (code ${code}) before it registered`);
      }
      // A queued batch job is "starting" for as long as the queue holds it.
      if (provisioner.pending && (await provisioner.pending(provisioned))) {
        if (Date.now() >= queueLimit) {
          throw new KernelLaunchError(
            `the kernel was still waiting for resources after ${Math.round((Date.now() - began) / 1000)} s; it was withdrawn`,
            504,
          );
        }
        deadline = Math.max(deadline, Date.now() + this.options.launchTimeoutMs);
      }
      if (Date.now() >= deadline) {
        throw new KernelLaunchError(
          `the kernel did not register within ${this.options.launchTimeoutMs / 1000} s; it was stopped`,
          504,
        );
      }
      await Promise.race([registered, sleep(100)]);
    }
  }

  /** Stops the kernel's process: shutdown_request, then terminate, then kill; then cleanup. */
  private async stop(kernel: Kernel, restart: boolean): Promise<void> {
    const provisioner = this.provisioner(kernel);
    const provisioned = kernel.record.provisioned;
    if (kernel.sockets && (await provisioner.poll(provisioned)) === undefined) {
      await kernel.sockets.request(
        'control',
        'shutdown_request',
        { restart },
        this.shutdownGraceMs,
      );
    }
    if ((await provisioner.wait(provisioned, this.shutdownGraceMs)) === undefined) {
      await provisioner.terminate(provisioned);
      if ((await provisioner.wait(provisioned, 1_000)) === undefined)
        await provisioner.kill(provisioned);
    }
    kernel.disconnect();
    await provisioner.cleanup(provisioned, restart);
  }

  private badMessage(kernel: Kernel, error: unknown): void {
    this.options.log.warn({ kernel: kernel.id, err: error }, 'dropped a kernel message');
  }
}
