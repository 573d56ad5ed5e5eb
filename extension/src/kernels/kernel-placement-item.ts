import type { ISessionContext } from '@jupyterlab/apputils';
import type { KernelSpec } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';
import { kernelPlacement, placementSentence, shortPlacement } from './kernel-placement.js';

/**
 * A notebook toolbar item next to the kernel's name: where that kernel runs ("runs on: Slurm"),
 * the whole sentence as its tooltip. Hidden for kernels that do not say (not the gateway's).
 */
export class KernelPlacementItem extends Widget {
  constructor(
    private readonly session: ISessionContext,
    private readonly specs: KernelSpec.IManager,
    private readonly label: (short: string) => string = (short) => `runs on: ${short}`,
  ) {
    super();
    this.addClass('styx-KernelPlacement');
    session.kernelChanged.connect(this.update, this);
    specs.specsChanged.connect(this.update, this);
    this.update();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.session.kernelChanged.disconnect(this.update, this);
    this.specs.specsChanged.disconnect(this.update, this);
    super.dispose();
  }

  protected override onUpdateRequest(): void {
    const name = this.session.session?.kernel?.name ?? this.session.kernelPreference.name;
    const spec = name ? this.specs.specs?.kernelspecs[name] : undefined;
    const placement = kernelPlacement(spec);
    if (!spec || !placement) {
      this.node.textContent = '';
      this.node.title = '';
      this.hide();
      return;
    }
    this.node.textContent = this.label(shortPlacement(placement));
    this.node.title = placementSentence(spec.display_name, placement);
    this.node.dataset.provisioner = placement.provisioner;
    this.show();
  }
}
