// The services image's HEALTHCHECK: healthy when the running service (STYX_SERVICE) answers its
// landing page with 200, at the address it listens on (JupyterHub's JUPYTERHUB_SERVICE_URL and
// prefix under the Hub, else the service's own port).
const env = process.env;
const service = env.STYX_SERVICE ?? 'catalog';
const ports = {
  catalog: env.STYX_CATALOG_PORT ?? '8081',
  processing: env.STYX_PROCESSING_PORT ?? '8084',
  kernels: env.STYX_KERNELS_PORT ?? '8085',
  health: env.STYX_HEALTH_PORT ?? '8086',
  environments: env.STYX_ENVIRONMENTS_PORT ?? '8087',
};
const port = ports[service] ?? ports.catalog;
const url = new URL(env.JUPYTERHUB_SERVICE_URL ?? `http://127.0.0.1:${port}/`);
url.pathname = env.JUPYTERHUB_SERVICE_PREFIX ?? '/';
if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(8000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
} catch (error) {
  console.error(
    `styx ${service} is not healthy: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
