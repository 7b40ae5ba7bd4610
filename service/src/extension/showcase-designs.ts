import { DesignGrouping } from '@aurastream/contract';
import type { PublicAssetFile } from './showcase-sources';

/**
 * Folds public files into designs (the contract's `DesignGrouping`): an emote or badge is stored at
 * three sizes, and a viewer should meet it once, at its sharpest. Files arrive newest first; a design
 * keeps the place of its newest file.
 */
export class ShowcaseDesigns {
  private readonly grouping = new DesignGrouping<PublicAssetFile>((file) => ({
    jobId: file.job_id,
    variation: file.variation,
    width: file.width,
    height: file.height,
  }));

  add(files: readonly PublicAssetFile[]): void {
    this.grouping.add(files);
  }

  get count(): number {
    return this.grouping.count;
  }

  /** The newest `limit` designs, newest first, each as its largest file. */
  newest(limit: number): PublicAssetFile[] {
    return this.grouping.list(limit).map((design) => design.files[0]!);
  }
}
