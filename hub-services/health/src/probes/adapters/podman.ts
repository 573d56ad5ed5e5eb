import { request } from 'node:http';
import type { ProbeObservation } from '../probe.js';

/**
 * The Docker-compatible API's ping (`GET /_ping`, answered "OK"), on a unix socket
 * (podman's, by default) or over TCP; the version header says which engine answered.
 */
export function containerApiCheck(host: string) {
  const target = host.startsWith('unix://')
    ? { socketPath: host.slice('unix://'.length), base: 'http://localhost' }
    : { socketPath: undefined, base: host.replace(/^tcp:/, 'http:') };
  return (signal: AbortSignal): Promise<ProbeObservation> =>
    new Promise((resolve, reject) => {
      const url = new URL('/_ping', target.base);
      const req = request(
        url,
        { method: 'GET', signal, ...(target.socketPath ? { socketPath: target.socketPath } : {}) },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => {
            if (res.statusCode !== 200 || text.trim() !== 'OK') {
              reject(new Error(`${host} answered ${res.statusCode} to /_ping`));
              return;
            }
            const engine = res.headers['libpod-api-version']
              ? `podman API ${res.headers['libpod-api-version']}`
              : `Docker API ${res.headers['api-version'] ?? '?'}`;
            resolve({ detail: engine });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
}
