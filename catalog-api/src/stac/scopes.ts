/**
 * The Hub scope that lets its holder change the catalog (transactions). JupyterHub custom
 * scopes must start with `custom:` (JupyterHub docs, "Custom scopes"); the Hub's
 * configuration declares it and grants it through a role.
 */
export const CATALOG_WRITE_SCOPE = 'custom:styx:catalog:write';
