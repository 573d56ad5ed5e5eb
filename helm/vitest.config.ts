import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The chart's tests: helm lint and helm template with the stub jupyterhub chart, the rendered
 * objects checked offline against the Kubernetes schemas (kubernetes-validate), and applied with
 * a server-side dry run to a real kube-apiserver (scripts/kube-apiserver.sh).
 * Run from the repository's root: `npx vitest run --config helm/vitest.config.ts`.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
