// What tests across the workspaces share: free ports, waiting for a server, the local Hub.
export { freePort } from './free-port.js';
export { HUB_CONFIG, type LocalHub, startLocalHub, VENV_BIN } from './local-hub.js';
export { waitForHttp } from './wait-for-http.js';
