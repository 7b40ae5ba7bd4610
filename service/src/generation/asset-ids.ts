import { createHash } from 'node:crypto';

/**
 * The id of the file a job makes for one variation at one size, derived from the three, so a
 * retried or taken-over job writes the same rows and files again instead of adding duplicates.
 * Shaped as an RFC 9562 version-8 (custom) UUID.
 */
export function generatedAssetId(jobId: string, variation: number, sizeLabel: string): string {
  const hex = createHash('sha256').update(`${jobId}:${variation}:${sizeLabel}`).digest('hex');
  const version = `8${hex.slice(13, 16)}`;
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16) + hex.slice(17, 20);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${version}-${variant}-${hex.slice(20, 32)}`;
}
