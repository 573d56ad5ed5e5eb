import { galata } from '@jupyterlab/galata';

/**
 * Galata serves JupyterLab's settings from memory: the Styx panel is pointed at the test
 * catalog there, as a user would in the Settings Editor (the port is playwright.config.ts's).
 */
export const TEST_SETTINGS = {
  ...galata.DEFAULT_SETTINGS,
  '@styx/jupyterlab:catalog': {
    catalogUrl: process.env.STYX_UI_CATALOG_URL ?? 'http://127.0.0.1:18081/',
  },
};
