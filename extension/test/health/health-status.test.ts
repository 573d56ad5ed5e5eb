import { describe, expect, it } from 'vitest';
import {
  componentRows,
  formatUptime,
  lightOf,
  sparklinePath,
  uptimeBars,
} from '../../src/health/health-status.js';
import type { HealthDocument, UptimeReport } from '../../src/health/types.js';

const doc = (
  status: HealthDocument['status'],
  checks: HealthDocument['checks'],
): HealthDocument => ({ status, checks });

describe('the health light and rows', () => {
  it('is green, amber or red as the service says, grey before it answered', () => {
    expect(lightOf(null)).toBe('unknown');
    expect(lightOf(doc('pass', {}))).toBe('green');
    expect(lightOf(doc('warn', {}))).toBe('amber');
    expect(lightOf(doc('fail', {}))).toBe('red');
  });

  it('lists one row per component with its probes (admins) under it', () => {
    const rows = componentRows(
      doc('fail', {
        'catalog:availability': [{ componentId: 'catalog', status: 'fail' }],
        'catalog:catalog-search': [
          {
            componentId: 'catalog',
            status: 'fail',
            output: 'answered 502',
            observedValue: 12,
            'styx:description': 'A STAC item search answers',
          },
        ],
        'storage:availability': [
          { componentId: 'storage', status: 'pass', 'styx:maintenance': 'MinIO upgrade' },
        ],
      }),
    );
    expect(rows).toEqual([
      {
        component: 'catalog',
        light: 'red',
        maintenance: undefined,
        probes: [
          {
            id: 'catalog-search',
            light: 'red',
            description: 'A STAC item search answers',
            output: 'answered 502',
            latencyMs: 12,
          },
        ],
      },
      { component: 'storage', light: 'green', maintenance: 'MinIO upgrade', probes: [] },
    ]);
  });
});

describe('uptime bars', () => {
  const report: UptimeReport = {
    days: 90,
    components: [
      {
        component: 'storage',
        uptime: 0.97,
        days: [
          { day: '2026-12-05', uptime: 1, checks: 2880 },
          { day: '2026-12-06', uptime: 0.9, checks: 2880 },
          { day: '2026-12-07', uptime: 0.99, checks: 1000 },
        ],
      },
    ],
  };

  it('gives one bar per day ending today, grey where nothing was checked', () => {
    const bars = uptimeBars(report, 'storage', 90, new Date('2026-12-07T15:00:00Z'));
    expect(bars).toHaveLength(90);
    expect(bars[0]).toEqual({ day: '2026-09-09', uptime: null, light: 'unknown' });
    expect(bars.slice(-3).map((b) => [b.day, b.light])).toEqual([
      ['2026-12-05', 'green'],
      ['2026-12-06', 'red'],
      ['2026-12-07', 'amber'],
    ]);
    expect(
      uptimeBars(null, 'catalog', 3, new Date('2026-12-07T00:00:00Z')).map((b) => b.light),
    ).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('formats uptime as a percentage', () => {
    expect(formatUptime(0.99951)).toBe('99.95 %');
    expect(formatUptime(1)).toBe('100 %');
    expect(formatUptime(null)).toBe('no data');
  });
});

describe('latency sparklines', () => {
  it('spreads points over the width, the slowest at the top', () => {
    expect(sparklinePath([10, 20, 0], 60, 14)).toBe('M0.0,7.0 L30.0,0.0 L60.0,14.0');
    expect(sparklinePath([5], 60, 14)).toBe('M0,0.0 L60,0.0');
    expect(sparklinePath([], 60, 14)).toBe('');
  });
});
