import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { useSignal } from '../panel/use-signal.js';
import { assetSizeText, checksumText, progressText, totalText } from './basket-format.js';
import { basketKey } from './basket-model.js';
import { chooseDownloadSink, saveFile } from './save-file.js';
import type { IBasketModel } from './tokens.js';
import type { BasketAsset, ScriptKind } from './types.js';

/** What the basket view renders, from the model alone (the widget around it is basket-panel). */
export function BasketView(props: {
  model: IBasketModel;
  trans: TranslationBundle;
}): React.ReactElement {
  const { model, trans } = props;
  useSignal(model.changed);
  const basket = model.basket;
  const download = model.download;
  const running = download?.state === 'running';
  const empty = !basket || basket.assets.length === 0;
  const [scriptError, setScriptError] = React.useState<string | null>(null);
  const saveScript = (kind: ScriptKind) => {
    setScriptError(null);
    model.script(kind).then(
      (text) =>
        saveFile(
          new Blob([text], { type: kind === 'sh' ? 'text/x-shellscript' : 'text/x-python' }),
          `download.${kind}`,
        ),
      (error: Error) => setScriptError(error.message),
    );
  };
  return (
    <div className="styx-BasketView">
      <div className="styx-BasketHeader">
        <span className="styx-BasketTitle">{trans.__('Basket')}</span>
        <button
          type="button"
          className="styx-Button styx-RefreshBasket"
          title={trans.__('Read the basket again')}
          onClick={() => void model.refresh()}
        >
          {trans.__('Refresh')}
        </button>
      </div>
      {model.error ? (
        <p className="styx-Message styx-mod-error" role="alert">
          {model.error}
        </p>
      ) : null}
      {basket && basket.entries.length === 0 ? (
        <p className="styx-Message">
          {trans.__(
            'The basket is empty. "Add to basket" on an item or an asset in the catalog panel puts it here, to download later.',
          )}
        </p>
      ) : null}
      {basket && basket.assets.length > 0 ? (
        <>
          <p className="styx-BasketTotal">{totalText(basket, trans)}</p>
          <div className="styx-BasketActions">
            {running ? (
              <button
                type="button"
                className="styx-Button styx-CancelDownload"
                onClick={() => model.cancelDownload()}
              >
                {trans.__('Cancel')}
              </button>
            ) : (
              <button
                type="button"
                className="styx-Button styx-DownloadZip"
                title={trans.__('One zip of every file, with a manifest and SHA256SUMS')}
                disabled={basket.total.assets === 0}
                onClick={() =>
                  // The save picker first, while the click still counts as the user's.
                  void chooseDownloadSink(
                    'styx-basket.zip',
                    'application/zip',
                    trans.__('Zip archive'),
                  ).then((sink) => sink && model.downloadZip(sink))
                }
              >
                {trans.__('Download (zip)')}
              </button>
            )}
            <button
              type="button"
              className="styx-Button styx-DownloadScript"
              title={trans.__(
                'A bash script that downloads the files with curl; run it again to resume',
              )}
              disabled={empty}
              onClick={() => saveScript('sh')}
            >
              {trans.__('Script (curl)')}
            </button>
            <button
              type="button"
              className="styx-Button styx-DownloadPython"
              title={trans.__('A Python script that downloads the files; run it again to resume')}
              disabled={empty}
              onClick={() => saveScript('py')}
            >
              {trans.__('Script (Python)')}
            </button>
            <button
              type="button"
              className="styx-Button styx-ClearBasket"
              disabled={model.pending.has('*')}
              onClick={() => void model.clear().catch(() => undefined)}
            >
              {trans.__('Clear')}
            </button>
          </div>
          {download ? (
            <div className={`styx-BasketProgress styx-mod-${download.state}`} role="status">
              {download.total ? (
                <progress value={download.received} max={download.total} />
              ) : running ? (
                <progress />
              ) : null}
              <span className="styx-BasketProgress-text">{progressText(download, trans)}</span>
            </div>
          ) : null}
          {scriptError ? (
            <p className="styx-Message styx-mod-error" role="alert">
              {scriptError}
            </p>
          ) : null}
        </>
      ) : null}
      <ul className="styx-BasketList" aria-label={trans.__('Basket')}>
        {(basket?.assets ?? []).map((asset) => (
          <BasketRow
            key={`${asset.collection}\u0000${asset.item}\u0000${asset.asset}`}
            asset={asset}
            trans={trans}
            busy={model.pending.has(basketKey(asset.collection, asset.item, asset.asset))}
            onRemove={() =>
              void model
                .removeAsset(asset.collection, asset.item, asset.asset)
                .catch(() => undefined)
            }
          />
        ))}
      </ul>
      {basket && basket.missing.length > 0 ? (
        <ul className="styx-BasketMissing" aria-label={trans.__('No longer in the catalog')}>
          {basket.missing.map((m) => (
            <li key={`${m.collection}\u0000${m.item}\u0000${m.asset ?? ''}`}>
              <span>{m.reason}</span>
              <button
                type="button"
                className="styx-Button"
                onClick={() => void model.removeItem(m.collection, m.item).catch(() => undefined)}
              >
                {trans.__('Remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function BasketRow(props: {
  asset: BasketAsset;
  trans: TranslationBundle;
  busy: boolean;
  onRemove: () => void;
}): React.ReactElement {
  const { asset, trans, busy, onRemove } = props;
  return (
    <li
      className={`styx-BasketRow${asset.downloadable ? '' : ' styx-mod-unavailable'}`}
      data-basket-path={asset.path}
    >
      <div className="styx-BasketRow-main">
        <span className="styx-BasketRow-path" title={asset.href}>
          {asset.path}
        </span>
        <button
          type="button"
          className="styx-Button styx-RemoveFromBasket"
          title={trans.__('Remove %1 from the basket', asset.path)}
          disabled={busy}
          onClick={onRemove}
        >
          {busy ? trans.__('Removing…') : trans.__('Remove')}
        </button>
      </div>
      <div className="styx-BasketRow-meta">
        <span className="styx-BasketRow-size">{assetSizeText(asset, trans)}</span>
        <span className="styx-BasketRow-checksum" title={asset.checksum ?? undefined}>
          {checksumText(asset, trans)}
        </span>
      </div>
      {asset.downloadable ? null : <div className="styx-BasketRow-reason">{asset.reason}</div>}
    </li>
  );
}
