import { freezesIn } from '../../approval/freezes.ts';
import { freezeWindowsOf } from '../../approval/roles.ts';
import { buildFreezesMessage } from '../../slack/blocks/freezes-message.ts';
import type { ServiceDeps } from '../deps.ts';
import { type Recipient, sendPrivately } from '../thread/notices.ts';

/** How far ahead `/release-plan freezes` looks. */
export const FREEZES_AHEAD_DAYS = 90;

/** `/release-plan freezes`: the policy's freeze windows of the next 90 days, privately. */
export async function showFreezes(
  deps: Pick<ServiceDeps, 'client' | 'logger' | 'policy' | 'clock'>,
  to: Recipient,
): Promise<void> {
  const windows = freezeWindowsOf(deps.policy);
  const now = deps.clock.now();
  const until = new Date(now.getTime() + FREEZES_AHEAD_DAYS * 86_400_000);
  const message = buildFreezesMessage({
    occurrences: freezesIn(windows, now, until),
    days: FREEZES_AHEAD_DAYS,
    configured: windows.length > 0,
  });
  await sendPrivately(deps, to, message);
}
