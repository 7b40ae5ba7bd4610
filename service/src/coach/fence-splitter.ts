const FENCE = '```';

/**
 * Splits a streamed LLM answer into what the streamer sees and the fenced block after it (the
 * machine-readable intent). Text streams through until a ``` opens the block; a chunk ending in one
 * or two backticks is held back until the next chunk shows whether a fence begins.
 */
export class FenceSplitter {
  private held = '';
  private hiddenText: string | null = null;
  private visibleText = '';

  /** Feeds the next piece of the answer; returns the part that may be shown now. */
  push(delta: string): string {
    if (this.hiddenText !== null) {
      this.hiddenText += delta;
      return '';
    }
    const text = this.held + delta;
    this.held = '';
    const fenceAt = text.indexOf(FENCE);
    if (fenceAt !== -1) {
      this.hiddenText = text.slice(fenceAt + FENCE.length);
      return this.show(text.slice(0, fenceAt));
    }
    const trailing = /`{1,2}$/.exec(text);
    if (trailing) {
      this.held = trailing[0];
      return this.show(text.slice(0, trailing.index));
    }
    return this.show(text);
  }

  /** Ends the answer: the last visible bit (held backticks that opened nothing) and the block. */
  finish(): { tail: string; block: string | null } {
    const tail = this.hiddenText === null ? this.show(this.held) : '';
    this.held = '';
    if (this.hiddenText === null) {
      return { tail, block: null };
    }
    const closing = this.hiddenText.indexOf(FENCE);
    const body = closing === -1 ? this.hiddenText : this.hiddenText.slice(0, closing);
    // drop the language tag of ```json
    return { tail, block: body.replace(/^[a-zA-Z]*\s*\n?/, '').trim() };
  }

  /** Everything shown so far. */
  get visible(): string {
    return this.visibleText;
  }

  private show(text: string): string {
    this.visibleText += text;
    return text;
  }
}
