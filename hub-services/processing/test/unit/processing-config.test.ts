import { describe, expect, it } from 'vitest';
import { loadProcessingConfig } from '../../src/config.js';

describe("the processing service's configuration", () => {
  it('runs jobs on podman and keeps results in a local folder by default', () => {
    const config = loadProcessingConfig({ STYX_DATA_DIR: '/srv/styx' });
    expect(config.backend).toMatchObject({ kind: 'docker' });
    expect(config.results).toEqual({ kind: 'posix', dir: '/srv/styx/processing/results' });
    expect(config.catalog).toBeUndefined();
  });

  it('names what a Slurm cluster or an S3 bucket still needs', () => {
    expect(() => loadProcessingConfig({ STYX_PROCESSING_BACKEND: 'slurm' })).toThrow(
      'STYX_PROCESSING_BACKEND=slurm needs STYX_SLURM_URL, STYX_SLURM_USER, STYX_SLURM_TOKEN or STYX_SLURM_JWT_KEY, STYX_SLURM_IMAGE_DIR',
    );
    expect(() => loadProcessingConfig({ STYX_PROCESSING_BACKEND: 'kubernetes' })).toThrow(
      'STYX_PROCESSING_BACKEND=kubernetes needs STYX_K8S_NAMESPACE and STYX_K8S_WORK_CLAIM',
    );
    expect(() => loadProcessingConfig({ STYX_RESULTS_STORAGE: 's3' })).toThrow(
      'STYX_RESULTS_STORAGE=s3 needs STYX_RESULTS_S3_ACCESS_KEY_ID and STYX_RESULTS_S3_SECRET_ACCESS_KEY',
    );
    const slurm = loadProcessingConfig({
      STYX_PROCESSING_BACKEND: 'slurm',
      STYX_SLURM_URL: 'http://login-node:6820',
      STYX_SLURM_USER: 'styx',
      STYX_SLURM_JWT_KEY: '/etc/slurm/jwt.key',
      STYX_SLURM_IMAGE_DIR: '/shared/sif',
    }).backend;
    expect(slurm).toMatchObject({
      kind: 'slurm',
      url: 'http://login-node:6820/',
      runtime: { kind: 'apptainer', imageDir: '/shared/sif' },
    });
  });

  it("under the Hub, registers results in the Hub's catalog with the service's own token", () => {
    const config = loadProcessingConfig({
      JUPYTERHUB_SERVICE_NAME: 'processing',
      JUPYTERHUB_API_TOKEN: 'service-token-123',
      JUPYTERHUB_API_URL: 'http://127.0.0.1:8082/hub/api',
      JUPYTERHUB_BASE_URL: '/',
      JUPYTERHUB_SERVICE_PREFIX: '/services/processing/',
      JUPYTERHUB_SERVICE_URL: 'http://127.0.0.1:8084',
      JUPYTERHUB_PUBLIC_URL: 'https://styx.example.org/services/processing/',
      JUPYTERHUB_CLIENT_ID: 'service-processing',
      STYX_PROCESSING_INPUT_LOCATIONS: 'https://data.example.org/',
    });
    expect(config.catalog).toEqual({
      url: 'https://styx.example.org/services/catalog/',
      token: 'service-token-123',
    });
    expect(config.inputLocations).toEqual([
      'https://styx.example.org/services/catalog/',
      'https://data.example.org/',
    ]);
  });
});
