/** Every command the extension registers, in one place (palette, menus, tests). */
export namespace CommandIDs {
  export const openCatalog = 'styx:open-catalog';
  export const openMap = 'styx:open-map';
  export const openJobs = 'styx:open-jobs';
  export const openMounts = 'styx:open-mounts';
  export const openBasket = 'styx:open-basket';
  export const openHealth = 'styx:open-health';
  export const openEnvironments = 'styx:open-environments';
  export const fitToResults = 'styx:fit-to-results';
  export const insertIntoNotebook = 'styx:insert-into-notebook';
  export const runInKernel = 'styx:run-in-kernel';
  export const copyCode = 'styx:copy-code';
}
