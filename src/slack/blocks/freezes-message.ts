import type { FreezeOccurrence } from '../../approval/freezes.ts';
import { RISK_CLASSES, RISK_LABEL } from '../../plan/schema.ts';
import { freezeRange } from './freeze-lines.ts';
import { escShort, header } from './kit.ts';
import { type BlockMessage, contextBlocks, sectionBlocks } from './limits.ts';

export interface FreezesView {
  /** The occurrences in the period, in time order (freezesIn). */
  occurrences: readonly FreezeOccurrence[];
  days: number;
  /** False when the policy file has no freeze_windows at all. */
  configured: boolean;
}

const MAX_SHOWN = 40;

function occurrenceLine(o: FreezeOccurrence): string {
  const classes = RISK_CLASSES.filter((rc) => o.window.riskClasses.includes(rc));
  const scope =
    classes.length === RISK_CLASSES.length
      ? 'all risk classes'
      : `${classes.map((rc) => RISK_LABEL[rc]).join(', ')} risk`;
  const role = o.window.exceptionRole;
  const exception = role === undefined ? 'no exception' : `exception: “${escShort(role)}”`;
  return `• *${escShort(o.window.name)}* — ${freezeRange(o)} · ${scope} · ${exception}`;
}

/** `/release-plan freezes`: the freeze windows of the coming days, shown only to the person who asked. */
export function buildFreezesMessage(view: FreezesView): BlockMessage {
  const title = `Freeze windows in the next ${view.days} days`;
  if (!view.configured) {
    return {
      text: 'No freeze windows are configured.',
      blocks: sectionBlocks(
        'No freeze windows are configured: an admin adds them under `freeze_windows` in the policy file.',
      ),
    };
  }
  if (view.occurrences.length === 0) {
    return {
      text: `No freeze windows in the next ${view.days} days.`,
      blocks: sectionBlocks(`✅ *No freeze windows in the next ${view.days} days.*`),
    };
  }
  const shown = view.occurrences.slice(0, MAX_SHOWN).map(occurrenceLine);
  const more = view.occurrences.length - shown.length;
  return {
    text: `${title}: ${view.occurrences.length}`,
    blocks: [
      header(title),
      ...sectionBlocks([...shown, ...(more > 0 ? [`_…and ${more} more._`] : [])].join('\n')),
      ...contextBlocks([
        'Times are in your time zone; the zone each window is set in is in brackets. A plan whose target window overlaps a freeze for its risk class needs the exception role’s approval too, or stays yellow.',
      ]),
    ],
  };
}
