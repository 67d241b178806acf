import { isSectionKey, parseSection, type Section, type SectionKey } from '../../plan/schema.ts';

/**
 * Sections complete while the model is still streaming. This queue posts them one at a time, in
 * stream order, without holding the stream up; the first failure aborts the model call.
 */
export class SectionQueue {
  readonly published = new Set<SectionKey>();
  error: unknown;
  private tail: Promise<void> = Promise.resolve();
  private readonly publish: (section: Section) => Promise<void>;
  private readonly abort: AbortController;

  constructor(publish: (section: Section) => Promise<void>, abort: AbortController) {
    this.publish = publish;
    this.abort = abort;
  }

  /** Called by the model adapter for each completed top-level value. Invalid sections wait for the final parse. */
  offer(key: string, value: unknown): void {
    if (!isSectionKey(key) || this.published.has(key)) return;
    let section: Section;
    try {
      section = parseSection(key, value);
    } catch {
      return;
    }
    this.tail = this.tail.then(async () => {
      if (this.error) return;
      try {
        await this.publish(section);
        this.published.add(key);
      } catch (err) {
        this.error = err;
        this.abort.abort(err);
      }
    });
  }

  /** Waits for queued sections; rethrows a publishing failure. */
  async drain(): Promise<void> {
    await this.tail;
    if (this.error) throw this.error;
  }

  /** Waits for queued sections, never throws. */
  async settle(): Promise<void> {
    await this.tail;
  }
}
