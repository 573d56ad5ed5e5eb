// What tests and benchmarks share: free ports, waiting for a server, the local Hub, podman's API.
export { freePort } from './free-port.js';
export { Browser, type HubServerModel, hubAdmin } from './hub-api.js';
export { startKubeApiServer } from './kube-apiserver.js';
export { HUB_CONFIG, type LocalHub, startLocalHub, VENV_BIN } from './local-hub.js';
export { startMinio } from './minio-server.js';
export { podmanCliEnv, startPodmanService } from './podman-service.js';
export { type RestartablePostgres, startRestartablePostgres } from './postgres-server.js';
export { PROMTOOL, promtoolCheck } from './promtool.js';
export { startRabbitMq } from './rabbitmq-server.js';
export { type ServiceProcess, startServiceProcess } from './service-process.js';
export { startSlurm } from './slurm-cluster.js';
export { waitForHttp } from './wait-for-http.js';
