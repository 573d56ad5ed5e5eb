/**
 * A cell for a dropped item: its main data asset opened as an asset drop would be, under a
 * comment naming the item; or, when nothing in it can be read, the item itself via pystac.
 */

import { type AssetSource, conventionalName, selfHref, writeAssetReader } from './asset.js';
import { Cell, resultVariable } from './cell.js';
import { classifyAsset, isAncillaryAsset, mediaKindLabel } from './media-types.js';
import { pyCall, pyStr } from './python.js';
import type { GeneratedCode, GenerateOptions, StacItemLike } from './types.js';

/**
 * The asset a scientist means by "this item": the first with role `data` whose format is known,
 * else the first known one that is not a thumbnail, overview or metadata file, else the first
 * `data` asset even of unknown format (the cell then says so). Undefined when none qualifies.
 */
export function mainAssetKey(item: StacItemLike): string | undefined {
  const assets = Object.entries(item.assets ?? {});
  const known = assets.filter(([, asset]) => classifyAsset(asset) !== 'unknown');
  const isData = ([, asset]: (typeof assets)[number]) => asset.roles?.includes('data') ?? false;
  return (
    known.find(isData)?.[0] ??
    known.find(([, asset]) => !isAncillaryAsset(asset) && classifyAsset(asset) !== 'image')?.[0] ??
    assets.find(isData)?.[0]
  );
}

export function generateItemCode(
  catalogUrl: string,
  item: StacItemLike,
  options?: GenerateOptions,
): GeneratedCode {
  const key = mainAssetKey(item);
  const asset = key === undefined ? undefined : item.assets?.[key];
  if (key === undefined || asset === undefined) return itemFallback(catalogUrl, item, options);

  const source: AssetSource = { key, asset, item };
  const kind = classifyAsset(asset);
  const variable = resultVariable(options, item.id, conventionalName(kind));
  const cell = new Cell(variable, `Open item ${item.id} (${mediaKindLabel(kind)} asset ${key})`);
  cell.comment(itemHeadline(item));
  const title = asset.title ? `, ${asset.title}` : '';
  cell.comment(`Main asset: ${key} (${mediaKindLabel(kind)}${title})`);
  const others = Object.keys(item.assets ?? {}).filter((other) => other !== key);
  if (others.length > 0) cell.comment(`Other assets: ${others.join(', ')}`);
  writeAssetReader(cell, source, kind, options?.mounts);
  return cell.build();
}

function itemHeadline(item: StacItemLike): string {
  const title = typeof item.properties?.title === 'string' ? ` (${item.properties.title})` : '';
  const collection = item.collection ? ` from collection ${item.collection}` : '';
  return `Item ${item.id}${title}${collection}`;
}

/**
 * Nothing to open directly: load the item with pystac, from its self link when it has one,
 * else from the catalog, so that its assets and metadata are at hand in Python.
 */
function itemFallback(
  catalogUrl: string,
  item: StacItemLike,
  options?: GenerateOptions,
): GeneratedCode {
  const variable = resultVariable(options, item.id, 'stac_item');
  const cell = new Cell(variable, `Load STAC item ${item.id} with pystac`);
  cell.comment(itemHeadline(item));
  cell.comment(
    'No asset of this item has a format Styx knows how to open, so this loads the item.',
  );
  const self = selfHref(item);
  if (self !== undefined) {
    cell.import('import pystac');
    cell.line(`${variable} = pystac.Item.from_file(${pyStr(self)})`);
  } else {
    cell.import('import pystac_client');
    cell.line(`catalog = pystac_client.Client.open(${pyStr(catalogUrl)})`);
    if (item.collection) {
      cell.line(
        `${variable} = catalog.get_collection(${pyStr(item.collection)}).get_item(${pyStr(item.id)})`,
      );
    } else {
      const search = pyCall(
        'catalog.search',
        [],
        [
          ['ids', `[${pyStr(item.id)}]`],
          ['max_items', '1'],
        ],
      );
      cell.line(`${variable} = next(${search}.items())`);
    }
  }
  cell.line(`print(list(${variable}.assets))`);
  return cell.build();
}
