import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import type { Job } from '../jobs/job.js';
import type { OutputFile, PublishedFile, ResultPublisher } from '../jobs/job-runner.js';
import { itemOf, type ProcessDefinition } from '../processes/process.js';
import { type CatalogPublisher, CatalogRefusedError } from './catalog-publisher.js';
import { mediaTypeOf } from './media-types.js';
import { type InputItem, type PublishedOutput, resultItem } from './result-item.js';
import { type ResultStorage, resultKey } from './result-storage.js';

/** hub-services' own version, for the items' `processing:software` (same path from src/ and dist/). */
export const PROCESSING_SERVICE_VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

export interface StoringResultPublisherOptions {
  storage: ResultStorage;
  /** Without one, results are stored but not registered in the catalog. */
  catalog?: CatalogPublisher | undefined;
  /** The processing service's public URL, ending with '/'. */
  processingUrl: string;
  fetch?: typeof fetch;
  log: FastifyBaseLogger;
}

/**
 * A finished job's files: each stored (local folder or S3), then one STAC item in the owner's
 * results collection, placed by the catalog items its inputs came from. A storage or catalog
 * that cannot be reached throws (the runner tries again on its next pass); a catalog that
 * refuses the item leaves the results stored and says so in the job's message.
 */
export class StoringResultPublisher implements ResultPublisher {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: StoringResultPublisherOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  async publish(
    job: Job,
    process: ProcessDefinition,
    files: OutputFile[],
  ): Promise<{ files: PublishedFile[]; item?: string; warning?: string }> {
    const outputs: PublishedOutput[] = [];
    for (const file of files) {
      const mediaType = mediaTypeOf(file.path);
      const stored = await this.options.storage.put(
        resultKey(job.owner, job.id, file.path),
        file.hostPath,
        mediaType,
      );
      outputs.push({ output: file.output, path: file.path, mediaType, stored });
    }
    const published = outputs.map((o) => ({
      href: o.stored.href,
      type: o.mediaType,
      size: o.stored.size,
    }));
    if (!this.options.catalog || outputs.length === 0) return { files: published };
    const item = resultItem({
      job,
      process,
      outputs,
      inputItems: await this.inputItems(job),
      processingUrl: this.options.processingUrl,
      catalogUrl: this.options.catalog.catalogUrl,
      finished: new Date().toISOString(),
      serviceVersion: PROCESSING_SERVICE_VERSION,
    });
    try {
      return { files: published, item: await this.options.catalog.publish(job.owner, item) };
    } catch (error) {
      if (!(error instanceof CatalogRefusedError)) throw error;
      this.options.log.error({ err: error, job: job.id }, 'results not registered in the catalog');
      return {
        files: published,
        warning: `results stored, not registered in the catalog: ${error.message}`,
      };
    }
  }

  async discard(job: Job): Promise<void> {
    await this.options.storage.removeJob(job.owner, job.id);
    if (job.resultItem && this.options.catalog) await this.options.catalog.remove(job.resultItem);
  }

  /** The catalog items the job's file inputs came from (`styx:item`), read for their place and time. */
  private async inputItems(job: Job): Promise<InputItem[]> {
    const hrefs = new Set<string>();
    for (const value of Object.values(job.inputs)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        const item = itemOf(v);
        if (item) hrefs.add(item);
      }
    }
    const items: InputItem[] = [];
    for (const href of hrefs) {
      try {
        // Checked against the input locations when the job was submitted; no redirects.
        const response = await this.fetch(href, {
          redirect: 'error',
          headers: { accept: 'application/geo+json' },
          signal: AbortSignal.timeout(30_000),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as Omit<InputItem, 'href'>;
        items.push({ href, bbox: body.bbox, geometry: body.geometry, properties: body.properties });
      } catch (error) {
        this.options.log.warn({ err: error, job: job.id, item: href }, 'input item not read');
      }
    }
    return items;
  }
}
