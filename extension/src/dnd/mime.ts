/**
 * The MIME type of a Styx drag: a catalog item, asset, collection or search on a Lumino `Drag`,
 * as JupyterLab's file browser carries file paths on its own type. Anything that understands
 * it (notebooks and consoles, through `attachDropTarget`) turns it into code.
 */
export const STYX_DROP_MIME = 'application/vnd.styx.drop-target+json';
