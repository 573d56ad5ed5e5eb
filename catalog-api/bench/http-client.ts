import http from 'node:http';

/**
 * A minimal keep-alive HTTP/1.1 client over node:http. No Accept-Encoding header is sent, so
 * both servers answer uncompressed (stac-fastapi's Brotli middleware only compresses when asked).
 */
export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Path and query string, starting with '/'. */
  path: string;
  /** A JSON body, serialised once. */
  body?: string;
}

export interface Reply {
  status: number;
  bytes: number;
  /** Only when asked for (`keepBody`). */
  body?: Buffer;
}

export class HttpTarget {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(spec: RequestSpec, keepBody = false, timeoutMs = 60_000): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {
        accept: 'application/geo+json, application/json',
      };
      if (spec.body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(spec.body);
      }
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method: spec.method,
          path: spec.path,
          agent: this.agent,
          headers,
        },
        (res) => {
          let bytes = 0;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (keepBody) chunks.push(chunk);
          });
          res.once('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              bytes,
              ...(keepBody ? { body: Buffer.concat(chunks) } : {}),
            }),
          );
          res.once('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.once('error', reject);
      req.end(spec.body);
    });
  }

  async json(spec: RequestSpec): Promise<{ status: number; body: unknown }> {
    const reply = await this.request(spec, true);
    const text = reply.body!.toString('utf8');
    try {
      return { status: reply.status, body: JSON.parse(text) };
    } catch {
      return { status: reply.status, body: text };
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
