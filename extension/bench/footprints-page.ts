/**
 * The benchmark page (bundled by run.ts): times, inside Chromium, the way from a search
 * response's text to deck.gl's first frame with its footprints, for the naive GeoJSON layer and
 * for the binary footprints the map ships. Both draw fills only, with the same layer props.
 */
import { Deck } from '@deck.gl/core';
import type { StacItem } from '../src/catalog/types.js';
import { buildFootprints, footprintFeatures } from '../src/map/footprints.js';
import { footprintLayer, naiveFootprintLayer } from '../src/map/layers.js';
import type { Rgba } from '../src/map/map-colors.js';
import { viewStateToFit } from '../src/map/view.js';

export type Variant = 'naive' | 'binary';

export interface Timing {
  /** Response text to the first frame drawn with the footprints (onAfterRender). */
  totalMs: number;
  parseMs: number;
  /** Building the layer's input (the binary arrays; nothing for the naive form). */
  buildMs: number;
  /** Also waiting for the GPU to finish that frame (a pixel read back). */
  finishedMs: number;
}

const COLOR: Rgba = [25, 118, 210, 255];
const WIDTH = 800;
const HEIGHT = 600;

let deck: Deck | null = null;
let waiter: ((gl: WebGL2RenderingContext) => void) | null = null;
const texts = new Map<string, string>();
let runs = 0;

function frame(): Promise<WebGL2RenderingContext> {
  return new Promise((resolve) => {
    waiter = resolve;
  });
}

async function start(area: [number, number, number, number]): Promise<string> {
  const parent = document.getElementById('map') as HTMLDivElement;
  const loaded = new Promise<void>((resolve) => {
    deck = new Deck({
      parent,
      width: WIDTH,
      height: HEIGHT,
      useDevicePixels: false,
      controller: false,
      initialViewState: viewStateToFit(area, WIDTH, HEIGHT, { padding: 10 }),
      layers: [],
      onLoad: () => resolve(),
      onAfterRender: ({ gl }) => {
        const resolve = waiter;
        waiter = null;
        resolve?.(gl);
      },
    });
  });
  await loaded;
  const gl = parent.querySelector('canvas')?.getContext('webgl2');
  return gl
    ? String(
        gl.getParameter(
          gl.getExtension('WEBGL_debug_renderer_info')?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER,
        ),
      )
    : 'unknown';
}

/** Fetches a response's text once; the timings start from the text. */
async function load(url: string): Promise<number> {
  let text = texts.get(url);
  if (text === undefined) {
    text = await (await fetch(url)).text();
    texts.clear();
    texts.set(url, text);
  }
  return text.length;
}

async function clear(): Promise<void> {
  if (!deck) throw new Error('start() first');
  const drawn = frame();
  deck.setProps({ layers: [] });
  await drawn;
  (globalThis as { gc?: () => void }).gc?.();
  // Let the collector and the compositor settle before the next timed run.
  await new Promise((resolve) => setTimeout(resolve, 50));
}

async function measure(url: string, variant: Variant): Promise<Timing> {
  const text = texts.get(url);
  if (!deck || text === undefined) throw new Error('start() and load() first');
  await clear();
  // A new layer id each run: nothing is reused from the previous run.
  const id = `footprints-${variant}-${runs++}`;
  const t0 = performance.now();
  const items = (JSON.parse(text) as { features: StacItem[] }).features;
  const t1 = performance.now();
  let t2: number;
  let layer: ReturnType<typeof footprintLayer>;
  if (variant === 'naive') {
    t2 = performance.now();
    layer = naiveFootprintLayer(footprintFeatures(items), COLOR, { id, outlined: false });
  } else {
    const footprints = buildFootprints(items);
    t2 = performance.now();
    layer = footprintLayer(footprints, COLOR, { id, outlined: false });
  }
  const drawn = frame();
  deck.setProps({ layers: [layer] });
  const gl = await drawn;
  const t3 = performance.now();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  const t4 = performance.now();
  return { totalMs: t3 - t0, parseMs: t1 - t0, buildMs: t2 - t1, finishedMs: t4 - t0 };
}

Object.assign(window, { styxBench: { start, load, measure, clear } });
