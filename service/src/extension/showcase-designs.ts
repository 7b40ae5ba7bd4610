import type { PublicAssetFile } from './showcase-sources';

/** A design (one variation of one generation) and how it is shown: its largest file. */
export interface ShowcaseDesign {
  file: PublicAssetFile;
}

/**
 * Folds public files into designs: an emote or badge is stored at three sizes (same job and
 * variation), and a viewer should meet it once, at its sharpest. Files arrive newest first; a
 * design keeps the place of its newest file.
 */
export class ShowcaseDesigns {
  private readonly designs = new Map<string, PublicAssetFile>();

  add(files: readonly PublicAssetFile[]): void {
    for (const file of files) {
      const key = `${file.job_id}:${file.variation}`;
      const shown = this.designs.get(key);
      if (!shown) {
        this.designs.set(key, file);
      } else if (file.width * file.height > shown.width * shown.height) {
        // Map.set on an existing key keeps its insertion order, i.e. the design's place
        this.designs.set(key, file);
      }
    }
  }

  get count(): number {
    return this.designs.size;
  }

  /** The newest `limit` designs, newest first. */
  newest(limit: number): PublicAssetFile[] {
    const newest: PublicAssetFile[] = [];
    for (const file of this.designs.values()) {
      if (newest.length >= limit) {
        break;
      }
      newest.push(file);
    }
    return newest;
  }
}
