// Processing's result publisher in a process of its own, traced as the processing service is
// (the same first import): publishes one result item to the catalog at argv[2] with the write
// token argv[3], and exits through process.exit as the service does (the flush at exit).
import '@styx/tracing/register';

// Loaded by URL: processing's sources are another workspace's, which this one's tsc does not
// compile (run by tsx, as the service runs them).
const results = new URL('../../../processing/src/results/', import.meta.url);
const { CatalogPublisher } = (await import(new URL('catalog-publisher.ts', results).href)) as {
  CatalogPublisher: new (options: {
    catalogUrl: string;
    token: string;
    attempts?: number;
  }) => { publish(owner: string, item: { id: string; [key: string]: unknown }): Promise<string> };
};
const { resultsCollectionId } = (await import(new URL('result-item.ts', results).href)) as {
  resultsCollectionId: (owner: string) => string;
};

const [catalogUrl, token, itemId] = process.argv.slice(2) as [string, string, string];
const owner = 'tracing-test';
const publisher = new CatalogPublisher({ catalogUrl, token, attempts: 1 });
const url = await publisher.publish(owner, {
  type: 'Feature',
  stac_version: '1.0.0',
  id: itemId,
  collection: resultsCollectionId(owner),
  geometry: { type: 'Point', coordinates: [1.44, 43.6] },
  bbox: [1.44, 43.6, 1.44, 43.6],
  properties: { datetime: '2026-12-01T00:00:00Z' },
  links: [],
  assets: {},
});
console.log(url);
process.exit(0);
