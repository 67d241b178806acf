import type { MethodBudget } from './limits.ts';

/**
 * Whose call it is: `person` — what someone just did (the item they clicked, the modal they
 * opened); `progress` — a plan's own progress (root message updates while drafting, clean-ups).
 */
export type Priority = 'person' | 'progress';

export interface SpendOptions {
  priority?: Priority;
  /**
   * Calls with one key (one message) go out one at a time and in order; a call waiting behind
   * another of its key is replaced by a newer one (its callers then get the newer one's result).
   */
  key?: string;
  /**
   * A call the budget cannot send by this time (of `now`) is not sent at all: it fails with
   * `late(waitMs)` and spends nothing (a views.open past its trigger's 3 s is of no use).
   */
  deadline?: number;
  late?: (waitMs: number) => unknown;
}

export interface SpenderOptions {
  budgetOf: (method: string) => MethodBudget | undefined;
  /** A progress call that has waited this long gets every third call: nothing starves. */
  promoteAfterMs?: number;
  now?: () => number;
}

type Task<T> = () => Promise<T>;

interface Settler {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Entry {
  priority: Priority;
  deadline: number | undefined;
  late: ((waitMs: number) => unknown) | undefined;
  seq: number;
  /** When the first call of this entry arrived: a replaced entry keeps its place. */
  since: number;
  key: string | undefined;
  task: Task<unknown>;
  settle: Settler[];
}

interface MethodState {
  /** GCRA's theoretical arrival time: the method's budget is spent until then. */
  tat: number;
  queue: Entry[];
  /** Keys with a call on its way. */
  running: Set<string>;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Person's calls sent in a row: progress that waited too long goes after PERSON_RUN of them. */
  personRun: number;
}

const DEFAULT_PROMOTE_AFTER_MS = 10_000;
/** Under a steady stream of clicks, progress that waited too long still gets one call in three. */
const PERSON_RUN = 2;

/**
 * Spends each Slack method's per-workspace budget (a token bucket, as GCRA) by priority: a waiting
 * person's call goes before waiting progress, older before newer; progress that has waited
 * `promoteAfterMs` gets every third call while people's calls keep coming, so nothing starves and
 * a click waits behind at most one progress update. Calls are charged when sent; methods without
 * a budget go out at once (keyed ones still one at a time per key).
 */
export class BudgetSpender {
  private readonly methods = new Map<string, MethodState>();
  private seq = 0;
  private readonly now: () => number;
  private readonly promoteAfterMs: number;
  private readonly options: SpenderOptions;

  constructor(options: SpenderOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.promoteAfterMs = options.promoteAfterMs ?? DEFAULT_PROMOTE_AFTER_MS;
  }

  spend<T>(method: string, task: Task<T>, options: SpendOptions = {}): Promise<T> {
    if (options.key === undefined && !this.options.budgetOf(method)) return task();
    return new Promise<T>((resolve, reject) => {
      const state = this.stateOf(method);
      const settler = { resolve: resolve as (value: unknown) => void, reject };
      const priority = options.priority ?? 'person';
      const waiting = options.key === undefined ? undefined : state.queue.find((e) => e.key === options.key);
      if (waiting) {
        waiting.task = task;
        waiting.settle.push(settler);
        if (priority === 'person') waiting.priority = 'person';
      } else {
        const entry = {
          priority,
          deadline: options.deadline,
          late: options.late,
          seq: this.seq++,
          since: this.now(),
          key: options.key,
          task,
          settle: [settler],
        };
        state.queue.push(entry);
      }
      this.pump(method, state);
    });
  }

  /** The spender's clock (deadlines are in its time). */
  clock(): number {
    return this.now();
  }

  /** Calls waiting for `method`'s budget (for metrics and tests). */
  waiting(method: string): number {
    return this.methods.get(method)?.queue.length ?? 0;
  }

  private stateOf(method: string): MethodState {
    let state = this.methods.get(method);
    if (!state) {
      state = {
        tat: Number.NEGATIVE_INFINITY,
        queue: [],
        running: new Set(),
        timer: undefined,
        personRun: 0,
      };
      this.methods.set(method, state);
    }
    return state;
  }

  private pump(method: string, state: MethodState): void {
    if (state.timer) return;
    const budget = this.options.budgetOf(method);
    const interval = budget ? 60_000 / budget.perMinute : 0;
    const burst = budget?.burst ?? 1;
    for (;;) {
      const next = this.pick(state);
      if (!next) {
        this.forgetIfIdle(method, state);
        return;
      }
      const now = this.now();
      const wait = state.tat - (burst - 1) * interval - now;
      if (next.deadline !== undefined && now + Math.max(0, wait) > next.deadline) {
        state.queue.splice(state.queue.indexOf(next), 1);
        const error = next.late?.(wait) ?? new Error('the call could not be sent before its deadline');
        for (const s of next.settle) s.reject(error);
        continue;
      }
      if (wait > 0) {
        state.timer = setTimeout(() => {
          state.timer = undefined;
          this.pump(method, state);
        }, wait);
        return;
      }
      state.queue.splice(state.queue.indexOf(next), 1);
      state.tat = Math.max(state.tat, now) + interval;
      state.personRun = next.priority === 'person' ? state.personRun + 1 : 0;
      this.send(method, state, next);
    }
  }

  private send(method: string, state: MethodState, entry: Entry): void {
    if (entry.key !== undefined) state.running.add(entry.key);
    const settled = entry.task().then(
      (value) => {
        for (const s of entry.settle) s.resolve(value);
      },
      (err: unknown) => {
        for (const s of entry.settle) s.reject(err);
      },
    );
    void settled.finally(() => {
      if (entry.key !== undefined) state.running.delete(entry.key);
      this.pump(method, state);
    });
  }

  /**
   * The next call to send, among those not behind one of their key: the oldest person's call,
   * unless progress has waited `promoteAfterMs` and `PERSON_RUN` person's calls went in a row;
   * without a person's call waiting, the oldest progress.
   */
  private pick(state: MethodState): Entry | undefined {
    let person: Entry | undefined;
    let progress: Entry | undefined;
    for (const entry of state.queue) {
      if (entry.key !== undefined && state.running.has(entry.key)) continue;
      if (entry.priority === 'person') {
        if (!person || entry.seq < person.seq) person = entry;
      } else if (!progress || entry.seq < progress.seq) progress = entry;
    }
    if (!person) return progress;
    const starving = progress !== undefined && this.now() - progress.since >= this.promoteAfterMs;
    return starving && state.personRun >= PERSON_RUN ? progress : person;
  }

  private forgetIfIdle(method: string, state: MethodState): void {
    if (this.methods.get(method) !== state) return;
    if (state.queue.length === 0 && state.running.size === 0 && state.tat <= this.now()) {
      this.methods.delete(method);
    }
  }
}
