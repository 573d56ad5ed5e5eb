import { describe, expect, it } from 'vitest';
import {
  defaultServiceNameOf,
  TracingConfigError,
  tracingConfig,
} from '../../src/tracing-config.js';

describe('tracingConfig: the standard OTEL_* variables', () => {
  it('is off by default, and says why', () => {
    expect(tracingConfig({}, '@styx/catalog-api')).toEqual({
      enabled: false,
      reason: 'no OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER',
      defaultServiceName: 'styx-catalog',
    });
  });

  it('is on with an OTLP endpoint, general or for traces', () => {
    expect(
      tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' }, '@styx/processing'),
    ).toMatchObject({
      enabled: true,
      defaultServiceName: 'styx-processing',
    });
    expect(
      tracingConfig(
        { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' },
        undefined,
      ).enabled,
    ).toBe(true);
  });

  it('follows OTEL_TRACES_EXPORTER: none turns it off even with an endpoint, console turns it on', () => {
    expect(
      tracingConfig(
        { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' },
        undefined,
      ).enabled,
    ).toBe(false);
    expect(tracingConfig({ OTEL_TRACES_EXPORTER: 'console' }, undefined).enabled).toBe(true);
  });

  it('is off when OTEL_SDK_DISABLED=true, whatever else is set', () => {
    expect(
      tracingConfig(
        { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' },
        undefined,
      ),
    ).toMatchObject({ enabled: false, reason: 'OTEL_SDK_DISABLED=true' });
  });

  it('refuses an exporter it does not know and an endpoint that is not a URL, naming the fix', () => {
    expect(() => tracingConfig({ OTEL_TRACES_EXPORTER: 'jaeger' }, undefined)).toThrow(
      new TracingConfigError(
        "OTEL_TRACES_EXPORTER: unknown exporter 'jaeger' (use otlp, console, zipkin or none)",
      ),
    );
    expect(() =>
      tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }, undefined),
    ).toThrow(/is not an http\(s\) URL \(for example http:\/\/localhost:4318\)/);
  });

  it('leaves the name to OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES when either gives one', () => {
    const on = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' };
    expect(
      tracingConfig({ ...on, OTEL_SERVICE_NAME: 'catalog-eu' }, '@styx/catalog-api')
        .defaultServiceName,
    ).toBeUndefined();
    expect(
      tracingConfig(
        { ...on, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.name=cat' },
        '@styx/catalog-api',
      ).defaultServiceName,
    ).toBeUndefined();
    expect(
      tracingConfig(
        { ...on, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod' },
        '@styx/catalog-api',
      ).defaultServiceName,
    ).toBe('styx-catalog');
  });

  it("names each service after its workspace's package", () => {
    expect(
      [
        '@styx/catalog-api',
        '@styx/processing',
        '@styx/kernels-gateway',
        '@styx/health',
        '@styx/environments',
      ].map(defaultServiceNameOf),
    ).toEqual([
      'styx-catalog',
      'styx-processing',
      'styx-kernels-gateway',
      'styx-health',
      'styx-environments',
    ]);
    expect(defaultServiceNameOf(undefined)).toBe('styx-service');
  });
});
