/* Generated from schema/catalog.json by tools/settings-types.ts; do not edit. */

/**
 * Base URL of the STAC API the panel browses. Empty: under JupyterHub, the Hub's catalog service (/services/catalog/, with your own credentials); otherwise the local standalone catalog (http://127.0.0.1:8081/).
 */
export type CatalogURL = string;
/**
 * How many items each search request asks for (STAC `limit`); more pages load as you scroll.
 */
export type ItemsPerPage = number;
/**
 * "insert" adds the code cell; "insert-and-run" also runs it in the notebook's kernel.
 */
export type WhatADropOnANotebookDoes = 'insert' | 'insert-and-run';

/**
 * Where the Styx panel finds the STAC catalog, and how it pages through results.
 */
export interface CatalogSettings {
  catalogUrl?: CatalogURL;
  pageSize?: ItemsPerPage;
  insertMode?: WhatADropOnANotebookDoes;
}
