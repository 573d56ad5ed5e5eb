/**
 * Where kernels run: each notebook's toolbar says, beside the kernel's name, whether its kernel
 * is a process on the gateway host, a container, a Slurm job or a pod (the kernels gateway puts
 * this in every kernel spec). A toolbar item, because JupyterLab's launcher cards and kernel
 * dialog take no extra text per kernel spec.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { KernelPlacementItem } from '../kernels/index.js';

export const kernelPlacementPlugin: JupyterFrontEndPlugin<void> = {
  id: '@styx/jupyterlab:kernel-placement',
  description: 'Shows where each notebook kernel runs (gateway host, container, Slurm, pod).',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ITranslator],
  activate: (app: JupyterFrontEnd, notebooks: INotebookTracker, translator: ITranslator | null) => {
    const trans = (translator ?? nullTranslator).load('styx');
    const specs = app.serviceManager.kernelspecs;
    notebooks.widgetAdded.connect((_, panel) => {
      const item = new KernelPlacementItem(panel.sessionContext, specs, (short) =>
        trans.__('runs on: %1', short),
      );
      // After the kernel name, where JupyterLab's toolbar shows which kernel it is.
      if (!panel.toolbar.insertAfter('kernelName', 'styx-kernel-placement', item)) {
        panel.toolbar.addItem('styx-kernel-placement', item);
      }
      panel.disposed.connect(() => item.dispose());
    });
  },
};
