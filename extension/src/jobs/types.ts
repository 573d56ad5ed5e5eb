/** OGC API – Processes documents, as the Styx processing service sends them. */
export interface ProcessSummary {
  id: string;
  title: string;
  description: string;
  jobControlOptions: string[];
}

export interface InputDescription {
  title: string;
  description: string;
  minOccurs: number;
  schema: Record<string, unknown>;
}

export interface ProcessDescription extends ProcessSummary {
  inputs: Record<string, InputDescription>;
  outputs: Record<string, { title: string; description: string }>;
}

export interface JobLink {
  rel: string;
  href: string;
  type?: string;
  title?: string;
}

/** The link from a finished job to the STAC item its results were registered as. */
export const RESULT_ITEM_REL = 'item';

export interface JobStatusInfo {
  jobID: string;
  processID: string;
  status: 'accepted' | 'running' | 'successful' | 'failed' | 'dismissed';
  message?: string;
  progress?: number;
  created: string;
  started?: string;
  finished?: string;
  updated: string;
  links?: JobLink[];
}
