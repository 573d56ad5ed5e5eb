import { KernelManager, type KernelMessage, type ServerConnection } from '@jupyterlab/services';

export interface Timings {
  startMs: number[];
  roundTripMs: number[];
  iopubPerSecond: number;
}

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (
    (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low)
  );
}

/**
 * What a user feels, measured with JupyterLab's own client: a kernel start (POST to the first
 * kernel_info reply, i.e. the kernel idle and answering), the round trip of `1+1` (request to
 * the execute reply and idle), and iopub throughput (display_data messages per second).
 */
export async function measure(
  settings: ServerConnection.ISettings,
  spec: string,
  options: { starts: number; roundTrips: number; iopubMessages: number },
  progress: (line: string) => void,
): Promise<Timings> {
  const manager = new KernelManager({ serverSettings: settings });
  await manager.ready;
  const startMs: number[] = [];
  for (let i = 0; i < options.starts; i += 1) {
    const began = performance.now();
    const kernel = await manager.startNew({ name: spec });
    await kernel.info;
    startMs.push(performance.now() - began);
    if (i < options.starts - 1) await kernel.shutdown();
    progress(`start ${i + 1}/${options.starts}: ${startMs.at(-1)?.toFixed(0)} ms`);
  }
  const [kernel] = [...manager.running()].map((model) => manager.connectTo({ model }));
  if (!kernel) throw new Error('no kernel left running');
  await kernel.info;
  const roundTripMs: number[] = [];
  for (let i = 0; i < options.roundTrips + 5; i += 1) {
    const began = performance.now();
    await kernel.requestExecute({ code: '1+1' }).done;
    // The first few warm the connection up.
    if (i >= 5) roundTripMs.push(performance.now() - began);
  }
  progress(`${options.roundTrips} round trips of 1+1`);
  let received = 0;
  const future = kernel.requestExecute({
    code: `from IPython.display import display\nfor i in range(${options.iopubMessages}): display(i)`,
  });
  future.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
    if (msg.header.msg_type === 'display_data') received += 1;
  };
  const began = performance.now();
  await future.done;
  const iopubPerSecond = received / ((performance.now() - began) / 1000);
  progress(`${received} display_data messages on iopub`);
  await kernel.shutdown();
  manager.dispose();
  return { startMs, roundTripMs, iopubPerSecond };
}
