/**
 * A design: one variation of one generation, stored as one file per size (an emote's 112, 56 and
 * 28 px). Streamers and viewers meet designs, not files.
 */

/** What grouping needs of a file: its generation and variation, and its size. */
export interface DesignFile {
  jobId: string;
  variation: number;
  width: number;
  height: number;
}

/** The files of one design, largest first (the first is the one to show). */
export interface DesignFiles<F> {
  key: string;
  files: F[];
}

/** Identifies a design across its sizes. */
export function designKey(file: Pick<DesignFile, 'jobId' | 'variation'>): string {
  return `${file.jobId}:${file.variation}`;
}

/**
 * Folds files into designs as they come (a page at a time): a design keeps the place of its first
 * file, so files listed newest first give designs newest first; a design's files are largest first.
 */
export class DesignGrouping<F> {
  private readonly designs = new Map<string, F[]>();

  constructor(private readonly describe: (file: F) => DesignFile) {}

  add(files: Iterable<F>): void {
    for (const file of files) {
      const key = designKey(this.describe(file));
      const group = this.designs.get(key);
      if (group) {
        group.push(file);
      } else {
        this.designs.set(key, [file]);
      }
    }
  }

  get count(): number {
    return this.designs.size;
  }

  /** The first `limit` designs (all by default). */
  list(limit = Number.POSITIVE_INFINITY): DesignFiles<F>[] {
    const area = (file: F) => {
      const { width, height } = this.describe(file);
      return width * height;
    };
    const listed: DesignFiles<F>[] = [];
    for (const [key, files] of this.designs) {
      if (listed.length >= limit) {
        break;
      }
      // a stable sort: equal sizes keep their order
      listed.push({ key, files: [...files].sort((a, b) => area(b) - area(a)) });
    }
    return listed;
  }
}
