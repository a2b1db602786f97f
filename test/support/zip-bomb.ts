import { unzipSync } from "fflate";
import { zip } from "./workbooks";

/**
 * A "zip bomb" workbook: a real workbook's parts plus one more, `partName`, that declares 1 KB and
 * inflates to `megabytes` MB of zeros (about 1 KB compressed per MB).
 */
export function zipBombWorkbook(workbook: Uint8Array, megabytes: number, partName = "xl/media/image1.png"): Buffer {
  const parts: Record<string, Uint8Array> = { ...unzipSync(workbook), [partName]: new Uint8Array(megabytes * 1024 * 1024) };
  return zip(parts, { [partName]: 1024 });
}
