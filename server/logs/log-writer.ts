import type { Redis } from "ioredis";
import { appendLog } from "./build-log";

/**
 * Buffers a build's output and ships it in batches (every 100 ms or 200 lines), masking secrets
 * first. Partial lines are held until their newline arrives.
 */
export class LogWriter {
  private pending: string[] = [];
  private partial = "";
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private mask: (line: string) => string;

  constructor(
    private redis: Redis,
    private prefix: string,
    private buildId: string,
    mask: (line: string) => string = (l) => l,
  ) {
    this.mask = mask;
  }

  setMask(mask: (line: string) => string) {
    this.mask = mask;
  }

  /** Raw process output (may hold partial lines). */
  write(chunk: string) {
    const text = this.partial + chunk;
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? "";
    for (const p of parts) this.line(p);
  }

  line(text: string) {
    this.pending.push(this.mask(text));
    if (this.pending.length >= 200) this.flushSoon(0);
    else this.flushSoon(100);
  }

  private flushSoon(ms: number) {
    if (ms === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  /** Ships what is buffered, including a last line without its newline. */
  close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.partial) {
      this.pending.push(this.mask(this.partial));
      this.partial = "";
    }
    return this.flush();
  }

  private flush(): Promise<void> {
    const lines = this.pending;
    this.pending = [];
    this.chain = this.chain.then(() => appendLog(this.redis, this.prefix, this.buildId, lines)).catch(() => {});
    return this.chain;
  }
}
