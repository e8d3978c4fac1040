import path from "node:path";

/** The bare mirror of a repository under SLIPWAY_DATA_DIR: fetched by the worker, read (never fetched) by the web. */
export const mirrorDir = (dataDir: string, repositoryId: string) => path.join(dataDir, "mirrors", `${repositoryId}.git`);
