import type { KernelMessage } from '@jupyterlab/services';
import type { IKernelConnection } from '@jupyterlab/services/lib/kernel/kernel.js';

export interface Execution {
  status: string;
  /** The stream output, stdout and stderr together, as a notebook shows it. */
  out: string;
  /** `text/plain` of the execute_result, '' when there is none. */
  result: string;
  /** The exception's name, '' when the cell raised none. */
  ename: string;
  evalue: string;
}

/** Runs a cell through JupyterLab's client and collects what a notebook would show. */
export async function execute(kernel: IKernelConnection, code: string): Promise<Execution> {
  const future = kernel.requestExecute({ code, allow_stdin: true });
  const out: string[] = [];
  let result = '';
  let ename = '';
  let evalue = '';
  future.onIOPub = (msg) => {
    const type = msg.header.msg_type;
    if (type === 'stream') out.push((msg as KernelMessage.IStreamMsg).content.text);
    if (type === 'execute_result') {
      result = String((msg as KernelMessage.IExecuteResultMsg).content.data['text/plain']);
    }
    if (type === 'error') {
      ename = (msg as KernelMessage.IErrorMsg).content.ename;
      evalue = (msg as KernelMessage.IErrorMsg).content.evalue;
    }
  };
  const reply = await future.done;
  return { status: reply.content.status, out: out.join(''), result, ename, evalue };
}
