/**
 * A cell that reruns the catalog panel's current search with pystac_client, every parameter
 * carried over, and shows the matching items as a GeoDataFrame.
 */

import { Cell, resultVariable } from './cell.js';
import { type PyValue, pyCall, pyLiteral, pyNumber, pyStr } from './python.js';
import type { GeneratedCode, GenerateOptions, SearchLike } from './types.js';

/** Without a limit, item_collection() would page through every match in the catalog. */
export const DEFAULT_MAX_ITEMS = 100;

/** Column where a keyword argument's value starts, for line-breaking long literals. */
const ARGUMENT_COLUMN = 4;

function literal(name: string, value: PyValue): [string, string] {
  return [name, pyLiteral(value, ARGUMENT_COLUMN + name.length + 1)];
}

/** The sortby argument in the form pystac_client takes: a `+a,-b` string or a list of dicts. */
function sortbyValue(sortby: NonNullable<SearchLike['sortby']>): PyValue {
  if (typeof sortby === 'string') return sortby;
  return sortby.map((term) => ({ field: term.field, direction: term.direction ?? 'asc' }));
}

export function searchArguments(search: SearchLike): [string, string][] {
  const args: [string, string][] = [];
  if (search.collections?.length) args.push(literal('collections', search.collections));
  if (search.ids?.length) args.push(literal('ids', search.ids));
  if (search.bbox?.length) args.push(literal('bbox', search.bbox));
  if (search.intersects) args.push(literal('intersects', search.intersects));
  if (search.datetime) args.push(literal('datetime', search.datetime));
  if (search.query) args.push(literal('query', search.query));
  if (search.filter !== undefined) {
    args.push(literal('filter', search.filter));
    const lang =
      search.filterLang ?? (typeof search.filter === 'string' ? 'cql2-text' : 'cql2-json');
    args.push(['filter_lang', pyStr(lang)]);
  }
  if (search.sortby !== undefined && search.sortby.length > 0) {
    args.push(literal('sortby', sortbyValue(search.sortby)));
  }
  if (search.limit !== undefined) args.push(['limit', pyNumber(search.limit)]);
  args.push(['max_items', pyNumber(search.maxItems ?? search.limit ?? DEFAULT_MAX_ITEMS)]);
  return args;
}

function describeSearch(search: SearchLike): string {
  const parts = [
    search.collections?.length ? `collections ${search.collections.join(', ')}` : undefined,
    search.bbox?.length ? `bbox ${search.bbox.join(',')}` : undefined,
    search.datetime ? `datetime ${search.datetime}` : undefined,
    search.filter !== undefined ? 'a filter' : undefined,
    search.q !== undefined ? `text ${[search.q].flat().join(' ')}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? `Search ${parts.join('; ')}` : 'Search all items';
}

export function generateSearchCode(
  catalogUrl: string,
  search: SearchLike,
  options?: GenerateOptions,
): GeneratedCode {
  const variable = resultVariable(options, undefined, 'search_results');
  const cell = new Cell(variable, describeSearch(search));
  cell.comment(`Item search on ${catalogUrl}, as in the catalog panel`);
  cell.import('import pystac_client');
  cell.import('import geopandas');
  cell.line(`catalog = pystac_client.Client.open(${pyStr(catalogUrl)})`);
  const maxItems = search.maxItems ?? search.limit;
  cell.note(
    maxItems === undefined
      ? `max_items stops after the first ${DEFAULT_MAX_ITEMS} matches; raise it to fetch more.`
      : `max_items stops after the ${maxItems} items the panel asked for; raise it to fetch more.`,
  );
  cell.line(`search = ${pyCall('catalog.search', [], searchArguments(search), 9)}`);
  if (search.q !== undefined) {
    cell.note(
      "pystac_client's item search has no argument for free-text q (STAC API Free-Text " +
        'extension), so it joins the request parameters directly.',
    );
    cell.line(`search._parameters['q'] = ${pyLiteral(search.q)}`);
  }
  cell.line('items = search.item_collection()');
  cell.line(`print(f'{len(items)} items')`);
  cell.line(`${variable} = geopandas.GeoDataFrame.from_features(items.to_dict(), crs='EPSG:4326')`);
  return cell.build();
}
