import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { imageTag, podman, ROOT } from './podman.js';

const image = imageTag('notebook');

/** The version requirements.txt pins for a package (the image must install exactly that). */
function pinned(name: string): string {
  const text = readFileSync(join(ROOT, 'images/notebook/requirements.txt'), 'utf8');
  const match = new RegExp(`^${name}==(\\S+)`, 'm').exec(text);
  if (!match?.[1]) throw new Error(`requirements.txt pins no ${name}`);
  return match[1];
}

describe('the notebook image', () => {
  it('runs the JupyterHub single-user server of the pinned JupyterHub', async () => {
    const r = await podman(['run', '--rm', image, 'jupyterhub-singleuser', '--version']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pinned('jupyterhub'));
  });

  it('has JupyterLab with the Styx extension enabled', async () => {
    const r = await podman(['run', '--rm', image, 'jupyter', 'labextension', 'list']);
    expect(r.code).toBe(0);
    // `labextension list` writes to stderr; strip its colours.
    const listing = stripVTControlCharacters(r.stdout + r.stderr);
    expect(listing).toContain(`JupyterLab v${pinned('jupyterlab')}`);
    expect(listing).toMatch(/@styx\/jupyterlab v\S+ enabled OK \(python, styx_jupyterlab\)/);
  });

  it("imports the notebook environment the extension's generated code uses", async () => {
    const probe = [
      'import pystac_client, odc.stac, stackstac, xarray, rioxarray, rasterio, dask, h5netcdf',
      'import zarr, pandas, geopandas, pyogrio, shapely, ipykernel',
      'print(pystac_client.__version__, odc.stac.__version__, xarray.__version__, geopandas.__version__)',
    ].join('\n');
    const r = await podman(['run', '--rm', image, 'python', '-c', probe]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split(' ')).toEqual([
      pinned('pystac-client'),
      pinned('odc-stac'),
      pinned('xarray'),
      pinned('geopandas'),
    ]);
  });

  it('carries the kernels gateway’s launcher where kernel pods run it, importable with ipykernel', async () => {
    const r = await podman([
      'run',
      '--rm',
      image,
      'python',
      '-c',
      "import runpy, ipykernel.kernelapp; runpy.run_path('/opt/styx/launcher/styx_kernel_launcher.py', run_name='probe'); print('ok')",
    ]);
    expect(r.stdout.trim()).toBe('ok');
  });

  it('runs as jovyan (uid 1000) in /home/jovyan, with tini as PID 1', async () => {
    const r = await podman([
      'run',
      '--rm',
      image,
      'sh',
      '-c',
      'echo "$(id -u) $(id -un) $(pwd) $(cat /proc/1/comm)"',
    ]);
    expect(r.stdout.trim()).toBe('1000 jovyan /home/jovyan tini');
  });
});
