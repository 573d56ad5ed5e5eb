import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifyWebhook } from '../../src/alerts/webhook-signature.js';

export interface ReceivedAlert {
  event: 'incident.opened' | 'incident.closed';
  deliveryId: number;
  incident: { id: number; probe: string; component: string; message: string | null };
}

/**
 * A real HTTP receiver that does what an alerting endpoint must: checks the HMAC signature
 * (refusing bad ones with 401) and keeps what it accepted. `failFirst` answers 500 to the first
 * attempt of each delivery, so the retries are exercised.
 */
export async function startWebhookReceiver(secret: string, options: { failFirst?: boolean } = {}) {
  const accepted: ReceivedAlert[] = [];
  const refused: string[] = [];
  const attempts = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const header = req.headers[SIGNATURE_HEADER] as string | undefined;
      if (!verifyWebhook(secret, body, header)) {
        refused.push(body);
        res.writeHead(401).end();
        return;
      }
      const alert = JSON.parse(body) as ReceivedAlert;
      const key = String(alert.deliveryId);
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (options.failFirst && n === 1) {
        res.writeHead(500).end('try again');
        return;
      }
      accepted.push(alert);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/styx`,
    accepted,
    refused,
    attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
