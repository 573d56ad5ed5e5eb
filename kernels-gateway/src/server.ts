// First: traces (when OTEL_* asks for them) must start before fastify and pg load.
import '@styx/tracing/register';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import { buildGatewayApp } from './app.js';
import { type GatewayConfig, GatewayConfigError, loadGatewayConfig } from './config.js';
import { KernelCuller } from './kernels/kernel-culler.js';
import { KernelService } from './kernels/kernel-service.js';
import { KernelSpecs } from './kernels/kernel-specs.js';
import { KernelStore } from './kernels/kernel-store.js';
import { Registrations } from './kernels/registrations.js';
import { MOUNT_HELPER, MountService } from './mounts/index.js';
import { KubernetesProvisioner } from './provisioners/kubernetes-provisioner.js';
import { LocalProvisioner } from './provisioners/local-provisioner.js';
import { PodmanProvisioner } from './provisioners/podman-provisioner.js';
import type { KernelProvisioner } from './provisioners/provisioner.js';
import { SlurmProvisioner } from './provisioners/slurm-provisioner.js';

/**
 * The gateway process: configuration once, the provisioners, the kernels an earlier run left
 * (restored), the culler, then the HTTP API. SIGTERM closes the gateway but leaves the kernels
 * running: the next start finds them again.
 */
async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadGatewayConfig(process.env);
  } catch (error) {
    if (error instanceof GatewayConfigError) {
      console.error(`styx kernels gateway: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel });
  const mounts = buildMounts(config, log);
  const provisioners = buildProvisioners(config, mounts);
  const specs = new KernelSpecs(
    config.specs.filter((spec) => {
      if (provisioners.has(spec.provisioner)) return true;
      log.warn(
        { spec: spec.name },
        `kernel spec needs the ${spec.provisioner} provisioner: not offered`,
      );
      return false;
    }),
    (kind) => provisioners.get(kind)?.describe() ?? kind,
  );
  const registrations = new Registrations();
  const kernels = new KernelService({
    specs,
    provisioners,
    store: new KernelStore(join(config.stateDir, 'records')),
    registrations,
    registrationUrl: config.registrationUrl,
    launchTimeoutMs: config.launchTimeoutMs,
    queueTimeoutMs: config.queueTimeoutMs,
    baseEnvironment: baseEnvironment(process.env),
    log,
  });
  const restoredMounts = await mounts.restore();
  const app = await buildGatewayApp({
    mounts,
    kernels,
    specs,
    registrations,
    hub: config.hub,
    staticTokens: config.staticToken
      ? [
          {
            token: config.staticToken.token,
            identity: {
              kind: 'user',
              name: config.staticToken.user,
              admin: false,
              groups: [],
              scopes: [],
            },
          },
        ]
      : [],
    logger: { level: config.logLevel },
  });
  // Listening first: restored kernels and new launchers register through this server.
  await app.listen({ host: config.host, port: config.port });
  const { restored, removed } = await kernels.restore();
  const culler = new KernelCuller(kernels, config.cull, log);
  culler.start();
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    culler.stop();
    await app.close();
    kernels.close();
    await mounts.close();
    await Promise.all([...provisioners.values()].map((p) => p.close?.()));
    process.exit(0);
  };
  process.on('SIGINT', () => void close());
  process.on('SIGTERM', () => void close());
  console.log(
    `[kernels] Jupyter kernels gateway at http://${config.host}:${config.port}${config.prefix}: ${specs
      .all()
      .map((s) => s.name)
      .join(
        ', ',
      )}; ${restored} kernel(s) restored, ${removed} gone; ${restoredMounts.mounted} mount(s) restored, ${restoredMounts.failed} failed${config.cull ? `; idle kernels culled after ${config.cull.idleMs / 1000} s` : ''}`,
  );
}

/**
 * The users' mounts, in their homes. The privileged helper (bind mounts that reach running
 * containers) is used when configured, or directly when the gateway runs as root.
 */
function buildMounts(config: GatewayConfig, log: pino.Logger): MountService {
  mkdirSync(config.mounts.dataRoots[0] as string, { recursive: true });
  const helper = config.mounts.helper ?? (process.getuid?.() === 0 ? [MOUNT_HELPER] : undefined);
  const rclone =
    config.mounts.rclone && onPath(config.mounts.rclone) ? config.mounts.rclone : undefined;
  return new MountService({
    homeFor: (user) => config.homesTemplate.replaceAll('{username}', user),
    stateDir: join(config.stateDir, 'mounts'),
    ...(rclone
      ? { rclone: { binary: rclone, cacheDir: join(config.stateDir, 'rclone-cache') } }
      : {}),
    allowedPosixRoots: config.mounts.dataRoots,
    ...(helper ? { privilegedHelper: helper } : {}),
    log,
  });
}

/** Whether a program is there to run (an absolute path, or a name on PATH). */
function onPath(program: string): boolean {
  if (program.includes('/')) return existsSync(program);
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, program)));
}

function buildProvisioners(
  config: GatewayConfig,
  mounts: MountService,
): Map<string, KernelProvisioner> {
  const provisioners = new Map<string, KernelProvisioner>();
  const homeFor = (owner: string) => config.homesTemplate.replaceAll('{username}', owner);
  if (config.local)
    provisioners.set(
      'local',
      new LocalProvisioner({
        python: config.python,
        launcherPath: config.launcherPath,
        logDir: join(config.stateDir, 'logs'),
        homeFor,
      }),
    );
  if (config.podman) {
    provisioners.set(
      'podman',
      PodmanProvisioner.connect(config.dockerHost, {
        defaultImage: config.podman.image,
        launcherPath: config.launcherPath,
        homeFor,
        prepareHome: (owner) => mounts.prepareForContainers(owner),
      }),
    );
  }
  if (config.kubernetes) {
    // In a pod: its service account; elsewhere: KUBECONFIG or ~/.kube/config.
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    provisioners.set(
      'kubernetes',
      new KubernetesProvisioner({
        kubeConfig,
        namespace: config.kubernetes.namespace,
        defaultImage: config.kubernetes.image,
        python: 'python3',
        launcherConfigMap: config.kubernetes.launcherConfigMap,
        homeClaim: config.kubernetes.homeClaim,
        home: '/home/jovyan',
        runAsUser: config.kubernetes.runAsUser,
        imagePullPolicy: config.kubernetes.imagePullPolicy,
      }),
    );
  }
  if (config.slurm) {
    const slurm = config.slurm;
    provisioners.set(
      'slurm',
      new SlurmProvisioner({
        url: slurm.url,
        jwtKey: readFileSync(slurm.jwtKeyPath),
        clusterUser: (owner) => slurm.userTemplate.replaceAll('{username}', owner),
        python: slurm.python,
        launcherPath: config.launcherPath,
        logDir: slurm.logDir,
        partition: slurm.partition,
        timeLimitMinutes: slurm.timeLimitMinutes,
        bindIp: slurm.bindIp,
      }),
    );
  }
  return provisioners;
}

/** What a kernel may inherit from the gateway's environment: nothing secret. */
function baseEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const keep = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'HOME', 'TMPDIR'];
  return Object.fromEntries(
    keep.filter((key) => env[key] !== undefined).map((key) => [key, env[key] as string]),
  );
}

main().catch((error: unknown) => {
  console.error('styx kernels gateway failed to start:', error);
  process.exit(1);
});
