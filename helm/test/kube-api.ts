import { type RequestOptions, request } from 'node:https';
import { type KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import type { KubeObject } from './chart.js';

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the API server's JSON answer, read field by field
  body: any;
  /** The API server's `Warning` headers (Pod Security warnings among them). */
  warnings: string[];
}

/**
 * Sends rendered objects to a real API server exactly as helm rendered them.
 * KubernetesObjectApi resolves each object's resource path (from the server's discovery); the
 * body goes out as the rendered JSON, not through the client's typed serializer, which would drop
 * unknown fields before `fieldValidation=Strict` could refuse them.
 */
export class ManifestApi extends KubernetesObjectApi {
  private kubeConfig: KubeConfig | undefined;

  static forConfig(kubeConfig: KubeConfig): ManifestApi {
    const api = kubeConfig.makeApiClient(ManifestApi);
    api.kubeConfig = kubeConfig;
    return api;
  }

  /** Creates the object; with `dryRun`, every admission stage runs and nothing is stored. */
  async send(object: KubeObject, options: { dryRun: boolean }): Promise<ApiAnswer> {
    const path = await this.specUriPath(object, 'create');
    const query = `fieldValidation=Strict${options.dryRun ? '&dryRun=All' : ''}`;
    return this.call('POST', `${path}?${query}`, object);
  }

  private async call(method: string, path: string, body: unknown): Promise<ApiAnswer> {
    const config = this.kubeConfig;
    if (!config) throw new Error('ManifestApi.forConfig() makes a ManifestApi');
    const server = new URL(config.getCurrentCluster()?.server ?? '');
    const options: RequestOptions = {
      hostname: server.hostname,
      port: server.port,
      path,
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    };
    await config.applyToHTTPSOptions(options);
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(options, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const warning = res.headers.warning;
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : undefined,
            warnings: warning === undefined ? [] : Array.isArray(warning) ? warning : [warning],
          });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
}
