import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { podmanCliEnv } from '@styx/testing';

const run = promisify(execFile);
const LOCK = fileURLToPath(new URL('../../../../scripts/requirements.lock', import.meta.url));

/** The podman command on the project's podman (scripts/podman.sh): its storage, its images. */
export function podman(args: string[], options: { timeout?: number } = {}) {
  return run('podman', args, {
    env: { ...process.env, ...podmanCliEnv() },
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeout ?? 60_000,
  });
}

/** `podman exec`'s exit status and output, without throwing on a non-zero one. */
export async function podmanExec(container: string, command: string[]) {
  try {
    const { stdout } = await podman(['exec', container, ...command]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

async function pinned(name: string): Promise<string> {
  const match = new RegExp(`^${name}==(\\S+)$`, 'm').exec(await readFile(LOCK, 'utf8'));
  if (!match) throw new Error(`${name} is not pinned in scripts/requirements.lock`);
  return match[1] as string;
}

/**
 * A small single-user image for the podman spawner's tests: localhost/styx/base (Debian, made by
 * the set-up with debootstrap) with the Hub's exact jupyterhub and the project's jupyterlab
 * pip-installed from PyPI, laid out as the notebook image is (user jovyan, uid 1000, tini, CMD
 * jupyterhub-singleuser). Built once per pair of versions (about a minute) and kept in podman's
 * storage. The notebook image (images/notebook) would do as well but takes its whole hydrology
 * environment (GDAL, xarray, geopandas…) to build, several minutes more, for nothing these
 * tests look at.
 */
export async function singleUserTestImage(): Promise<string> {
  const [hub, lab] = [await pinned('jupyterhub'), await pinned('jupyterlab')];
  const tag = `localhost/styx/test-singleuser:hub${hub}-lab${lab}`;
  const exists = await podman(['image', 'exists', tag]).then(
    () => true,
    () => false,
  );
  if (exists) return tag;
  const context = await mkdtemp(join(tmpdir(), 'styx-singleuser-image-'));
  try {
    await writeFile(
      join(context, 'Containerfile'),
      `FROM localhost/styx/base:latest
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
      python3-venv ca-certificates tini \\
 && rm -rf /var/lib/apt/lists/*
# An intercepting proxy's CA bundle, when the build gets one (as scripts/images.sh passes it).
${process.env.PIP_INDEX_URL ? 'ARG PIP_INDEX_URL\n' : ''}RUN --mount=type=secret,id=ca-bundle \\
    if [ -f /run/secrets/ca-bundle ]; then export PIP_CERT=/run/secrets/ca-bundle; fi; \\
    python3 -m venv /opt/venv \\
 && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check \\
      jupyterhub==${hub} jupyterlab==${lab}
RUN useradd --uid 1000 --create-home --shell /bin/bash jovyan
ENV PATH=/opt/venv/bin:$PATH
USER 1000
WORKDIR /home/jovyan
ENTRYPOINT ["tini", "--"]
CMD ["jupyterhub-singleuser"]
`,
    );
    const args = ['build', '--format', 'docker', '-t', tag];
    const ca = caBundle();
    if (ca) args.push('--secret', `id=ca-bundle,src=${ca}`);
    if (process.env.PIP_INDEX_URL)
      args.push('--build-arg', `PIP_INDEX_URL=${process.env.PIP_INDEX_URL}`);
    try {
      await podman([...args, context], { timeout: 600_000 });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      throw new Error(
        `podman build ${tag} failed:\n${(failed.stdout ?? '').slice(-3000)}\n${failed.stderr ?? ''}`,
      );
    }
    return tag;
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** The host's CA bundle when it trusts extra authorities (an intercepting proxy's). */
function caBundle(): string | undefined {
  const given = process.env.STYX_BUILD_CA_BUNDLE ?? process.env.PIP_CERT;
  if (given && existsSync(given)) return given;
  const extra = '/usr/local/share/ca-certificates';
  if (existsSync(extra) && readdirSync(extra).some((f) => f.endsWith('.crt')))
    return '/etc/ssl/certs/ca-certificates.crt';
  return undefined;
}
