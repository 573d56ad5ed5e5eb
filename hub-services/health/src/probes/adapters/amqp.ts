import amqp from 'amqplib';
import type { ProbeObservation } from '../probe.js';

/** The AMQP broker (RabbitMQ): a connection opened, a channel on it, both closed. */
export function amqpCheck(url: string) {
  return async (_signal: AbortSignal): Promise<ProbeObservation> => {
    const connection = await amqp.connect(url, { timeout: 5_000 });
    try {
      const channel = await connection.createChannel();
      await channel.close();
      const product = connection.connection.serverProperties?.product;
      const version = connection.connection.serverProperties?.version;
      return { detail: `${product ?? 'broker'} ${version ?? ''}`.trim() };
    } finally {
      await connection.close().catch(() => {});
    }
  };
}
