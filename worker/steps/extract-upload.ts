import { mkdir } from "node:fs/promises";
import * as tar from "tar";
import type { BuildContext } from "../build-context";

const MAX_ENTRIES = 100_000;
const MAX_UNPACKED_BYTES = 500 * 1024 * 1024;

/**
 * Unpacks a working copy uploaded by `slipway deploy` into the build folder. Only files and
 * folders are taken: links could point outside the build folder, and absolute or `..` paths are
 * refused by tar itself. Sizes are capped so a gzip bomb cannot fill the disk.
 */
export async function extractUpload(ctx: BuildContext, relativeArchive: string) {
  const done = await ctx.deps.artifacts.withUpload(relativeArchive, (archive) => unpack(ctx, archive));
  if (done === null)
    throw new Error("The uploaded working copy of this build is gone (uploads are kept a week): run slipway deploy again.");
}

async function unpack(ctx: BuildContext, archive: string) {
  await mkdir(ctx.workDir, { recursive: true });
  let entries = 0;
  let bytes = 0;
  let skipped = 0;
  let tooBig: string | null = null;
  await tar
    .x({
      file: archive,
      cwd: ctx.workDir,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      filter: (p, entry) => {
        const type = "type" in entry ? entry.type : "File";
        if (type !== "File" && type !== "Directory" && type !== "OldFile") {
          skipped++;
          return false;
        }
        entries++;
        bytes += "size" in entry ? Number(entry.size ?? 0) : 0;
        if (entries > MAX_ENTRIES || bytes > MAX_UNPACKED_BYTES) {
          tooBig ??= `The upload unpacks to more than ${MAX_ENTRIES} files or ${MAX_UNPACKED_BYTES / 1024 / 1024} MB.`;
          return false;
        }
        return true;
      },
    })
    .catch((e: Error) => {
      throw new Error(`The uploaded working copy could not be unpacked: ${e.message}`);
    });
  if (tooBig) throw new Error(tooBig);
  ctx.log.line(
    `Unpacked the uploaded working copy: ${entries} entries, ${(bytes / 1024).toFixed(0)} KB${skipped ? ` (${skipped} links skipped)` : ""}.`,
  );
  return true;
}
