import type { Section } from '../plan/schema.ts';
import { buildSectionMessages, type ItemMessage } from '../slack/blocks/section-message.ts';
import type { PlanRecord } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';

/** The messages that show a section (and, for the writeback bundle, each draft) in the thread. */
export async function renderSection(
  _deps: ServiceDeps,
  plan: PlanRecord,
  section: Section,
  notes: readonly string[],
): Promise<ItemMessage[]> {
  return buildSectionMessages(section, {
    planId: plan.id,
    version: plan.version,
    index: 0,
    notes: [...notes],
  });
}
