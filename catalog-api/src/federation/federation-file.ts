import { readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { parse as parseYaml } from 'yaml';
import {
  FederationFileSchema,
  LOCAL_PROVIDER_ID,
  type ProviderConfig,
} from '../schemas/federation.js';

/** STYX_FEDERATION is unusable: the message says what to fix; server.ts exits with code 2. */
export class FederationConfigError extends Error {}

/**
 * The remote providers of STYX_FEDERATION: inline JSON (it starts with '{'), or the path of a
 * JSON or YAML file. Validated by FederationFileSchema; ids must be unique and not 'local'.
 * Synchronous: it is read once, at start-up, with the rest of the configuration.
 */
export function loadFederationProviders(setting: string): ProviderConfig[] {
  const inline = setting.trimStart().startsWith('{');
  let text: string;
  if (inline) {
    text = setting;
  } else {
    try {
      text = readFileSync(setting, 'utf8');
    } catch (error) {
      throw new FederationConfigError(`cannot read ${setting}: ${(error as Error).message}`);
    }
  }
  let document: unknown;
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both.
    document = parseYaml(text);
  } catch (error) {
    throw new FederationConfigError(
      `${inline ? 'the inline value' : setting} is not valid JSON or YAML: ${(error as Error).message}`,
    );
  }
  return parseFederationDocument(document, inline ? 'the inline value' : setting);
}

/** Validates a parsed providers document; every problem is named in one message. */
export function parseFederationDocument(document: unknown, source: string): ProviderConfig[] {
  const withDefaults = Value.Default(FederationFileSchema, structuredClone(document));
  const errors = [...Value.Errors(FederationFileSchema, withDefaults)];
  if (errors.length > 0) {
    const lines = errors.slice(0, 20).map((e) => {
      const params = e.params as { allowedValues?: unknown[]; pattern?: string };
      const hint = params.allowedValues
        ? ` (${params.allowedValues.join(', ')})`
        : params.pattern
          ? ` (${params.pattern})`
          : '';
      return `${e.instancePath || '(root)'}: ${e.message}${hint}`;
    });
    throw new FederationConfigError(
      `${source} is not a valid providers file ({"providers": [{id, title, type: stac|opensearch, url, timeoutMs, headers?}]}):\n  ${lines.join('\n  ')}`,
    );
  }
  const { providers } = withDefaults as { providers: ProviderConfig[] };
  const seen = new Set<string>();
  for (const p of providers) {
    if (p.id === LOCAL_PROVIDER_ID) {
      throw new FederationConfigError(
        `${source}: provider id '${LOCAL_PROVIDER_ID}' is this catalog's own; choose another`,
      );
    }
    if (seen.has(p.id)) throw new FederationConfigError(`${source}: provider id '${p.id}' twice`);
    seen.add(p.id);
  }
  return providers;
}
