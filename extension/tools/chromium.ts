/**
 * Debian's Chromium, as the UI tests and the benchmarks launch it (Playwright cannot download
 * its own browser here). The flags are from shared/recipes/headless-chromium-deckgl.md: WebGL2
 * works on SwiftShader (software), and nothing tries to reach the closed network.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
];
