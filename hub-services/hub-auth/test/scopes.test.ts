import { describe, expect, it } from 'vitest';
import { holdsScope, missingScopes } from '../src/scopes.js';

describe('JupyterHub scopes', () => {
  it('lets an unfiltered scope cover its filtered forms, and not the other way round', () => {
    expect(holdsScope(['access:services'], 'access:services!service=catalog')).toBe(true);
    expect(holdsScope(['access:services!service=catalog'], 'access:services!service=catalog')).toBe(
      true,
    );
    expect(holdsScope(['access:services!service=catalog'], 'access:services')).toBe(false);
    expect(
      holdsScope(['access:services!service=processing'], 'access:services!service=catalog'),
    ).toBe(false);
  });

  it('matches custom scopes exactly, not by prefix', () => {
    expect(holdsScope(['custom:styx:catalog:write'], 'custom:styx:catalog:write')).toBe(true);
    expect(holdsScope(['custom:styx:catalog'], 'custom:styx:catalog:write')).toBe(false);
    expect(holdsScope(['custom:styx:catalog:write:all'], 'custom:styx:catalog:write')).toBe(false);
  });

  it('lists what is missing', () => {
    expect(missingScopes(['a', 'b!user=x'], ['a', 'b!user=x', 'c'])).toEqual(['c']);
    expect(missingScopes([], [])).toEqual([]);
  });
});
