import type { Job } from './jobs/job.js';
import type { ProcessDefinition } from './processes/process.js';

/** OGC API – Processes – Part 1: Core 1.0 (OGC 18-062r2): conformance classes Styx meets. */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/ogc-process-description',
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json',
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list',
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss',
  // Part 2 (Deploy, Replace, Undeploy), with CWL application packages.
  'http://www.opengis.net/spec/ogcapi-processes-2/1.0/conf/deploy-replace-undeploy',
  'http://www.opengis.net/spec/ogcapi-processes-2/1.0/conf/ogcapppkg',
  'http://www.opengis.net/spec/ogcapi-processes-2/1.0/conf/cwl',
];

/** Who may deploy processes (OGC API – Processes Part 2): a Hub custom scope, like the catalog's write scope. */
export const DEPLOY_SCOPE = 'custom:styx:processes:deploy';

export const REL = {
  processes: 'http://www.opengis.net/def/rel/ogc/1.0/processes',
  jobList: 'http://www.opengis.net/def/rel/ogc/1.0/job-list',
  execute: 'http://www.opengis.net/def/rel/ogc/1.0/execute',
  results: 'http://www.opengis.net/def/rel/ogc/1.0/results',
  conformance: 'http://www.opengis.net/def/rel/ogc/1.0/conformance',
} as const;

/** Exception types the standard names (§7.x "Exceptions"). */
export const EXCEPTION = {
  noSuchProcess: 'http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-process',
  noSuchJob: 'http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-job',
  resultNotReady: 'http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/result-not-ready',
  duplicatedProcess:
    'http://www.opengis.net/def/exceptions/ogcapi-processes-2/1.0/duplicated-process',
  immutableProcess:
    'http://www.opengis.net/def/exceptions/ogcapi-processes-2/1.0/immutable-process',
  unsupportedMediaType:
    'http://www.opengis.net/def/exceptions/ogcapi-processes-2/1.0/unsupported-media-type',
} as const;

export function processSummary(process: ProcessDefinition, base: string) {
  return {
    id: process.id,
    version: process.version,
    title: process.title,
    description: process.description,
    keywords: process.keywords,
    jobControlOptions: process.jobControlOptions,
    outputTransmission: ['value'],
    ...(process.deployedBy ? { 'styx:deployedBy': process.deployedBy } : {}),
    links: [
      { rel: 'self', type: 'application/json', href: `${base}processes/${process.id}` },
      {
        rel: REL.execute,
        type: 'application/json',
        href: `${base}processes/${process.id}/execution`,
      },
      ...(process.package
        ? [
            {
              rel: 'http://www.opengis.net/def/rel/ogc/1.0/application-package',
              type: process.package.mediaType,
              href: `${base}processes/${process.id}/package`,
              title: 'the CWL application package it was deployed from',
            },
          ]
        : []),
    ],
  };
}

export function processDescription(process: ProcessDefinition, base: string) {
  return {
    ...processSummary(process, base),
    inputs: Object.fromEntries(
      Object.entries(process.inputs).map(([id, input]) => [
        id,
        {
          title: input.title,
          description: input.description,
          minOccurs: input.optional ? 0 : 1,
          maxOccurs: 1,
          schema: input.file
            ? { ...input.schema, contentMediaType: input.file.mediaType }
            : input.schema,
        },
      ]),
    ),
    outputs: Object.fromEntries(
      Object.entries(process.outputs).map(([id, output]) => [
        id,
        { title: output.title, description: output.description, schema: output.schema },
      ]),
    ),
  };
}

/** statusInfo (§7.12.2, statusInfo.yaml). */
export function statusInfo(job: Job, base: string) {
  const self = `${base}jobs/${job.id}`;
  return {
    type: 'process',
    processID: job.processId,
    jobID: job.id,
    status: job.status,
    message: job.message ?? undefined,
    created: job.created,
    started: job.started ?? undefined,
    finished: job.finished ?? undefined,
    updated: job.updated,
    progress: job.progress ?? undefined,
    links: [
      { rel: 'self', type: 'application/json', href: self },
      { rel: 'monitor', type: 'application/json', href: self },
      ...(job.status === 'successful'
        ? [{ rel: REL.results, type: 'application/json', href: `${self}/results` }]
        : []),
      ...(job.resultItem
        ? [
            {
              rel: 'item',
              type: 'application/geo+json',
              href: job.resultItem,
              title: 'the results, registered in the catalog',
            },
          ]
        : []),
      { rel: 'log', type: 'text/plain', href: `${self}/logs`, title: 'what the job printed' },
    ],
  };
}
