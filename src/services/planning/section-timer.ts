import type { Clock } from '../../lib/clock.ts';
import type { SectionTiming } from '../../observability/metrics.ts';

/**
 * When one generation run posted its sections, measured from its first model call starting: a
 * repair or fallback call keeps the clock running, since the people in the thread are still waiting.
 */
export class SectionTimer {
  private readonly clock: Clock;
  private started: number | undefined;
  private first: number | undefined;
  private last: number | undefined;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  modelCallStarting(): void {
    this.started ??= this.now();
  }

  sectionPosted(): void {
    const at = this.now();
    this.first ??= at;
    this.last = at;
  }

  timing(): SectionTiming {
    const since = (at: number | undefined) =>
      at === undefined || this.started === undefined ? undefined : at - this.started;
    return { firstSectionMs: since(this.first), lastSectionMs: since(this.last) };
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
