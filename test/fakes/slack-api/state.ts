import { randomBytes } from 'node:crypto';

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
  user: string;
  bot_id: string;
  metadata?: unknown;
  /** How many times chat.update replaced it. */
  edits: number;
}

export interface FakeView {
  id: string;
  hash: string;
  external_id?: string;
  /** The view as Slack would return it: what the app sent plus Slack's fields. */
  view: Record<string, unknown>;
}

export interface FakeUser {
  id: string;
  name: string;
  real_name: string;
  display_name: string;
}

const BASE_SECONDS = 1_700_000_000;
const TS_STEP_MICROS = 100;

/** Message ts values like "1700000000.000100": strictly increasing and never reused within one fake. */
export class TsClock {
  private issued = 0;
  next(): string {
    this.issued += 1;
    const micros = this.issued * TS_STEP_MICROS;
    const seconds = BASE_SECONDS + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }
}

/** Conversation and modal state: what a test looks at after the bot has talked to "Slack". */
export class Workspace {
  readonly clock = new TsClock();
  readonly messages: FakeMessage[] = [];
  readonly views = new Map<string, FakeView>();
  readonly usedTriggers = new Set<string>();
  /** `channel/ts` → reaction names the bot added. */
  readonly reactions = new Map<string, string[]>();
  /** user id → the Home tab view last published for them. */
  readonly homes = new Map<string, unknown>();
  /** Under load (benchmarks): views opened are kept by id and hash only (see FakeSlack.lean). */
  lean = false;
  private viewCount = 0;

  findMessage(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  removeMessage(message: FakeMessage): void {
    this.messages.splice(this.messages.indexOf(message), 1);
  }

  newViewId(): string {
    this.viewCount += 1;
    return `V${String(this.viewCount).padStart(10, '0')}`;
  }

  findView(viewId: string | undefined, externalId: string | undefined): FakeView | undefined {
    if (viewId) return this.views.get(viewId);
    return [...this.views.values()].find((v) => externalId !== undefined && v.external_id === externalId);
  }

  clear(): void {
    this.messages.length = 0;
    this.views.clear();
    this.usedTriggers.clear();
    this.reactions.clear();
    this.homes.clear();
  }
}

/** People and user groups: workspace set-up that survives reset(). */
export class Directory {
  readonly usergroups = new Map<string, string[]>();
  readonly users = new Map<string, FakeUser>();

  user(id: string): FakeUser {
    return (
      this.users.get(id) ?? {
        id,
        name: id.toLowerCase(),
        real_name: `User ${id}`,
        display_name: id.toLowerCase(),
      }
    );
  }
}

export function newViewHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
}
