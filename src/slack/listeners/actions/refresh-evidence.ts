import type { Services } from '../../../services/index.ts';
import { PlanButtonValue } from '../../metadata.ts';
import { type ButtonArgs, readClick } from './click.ts';

/** Refresh evidence on a plan's root message: the checks run again after the ack. */
export function refreshEvidenceAction(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(args, PlanButtonValue);
    if (!click) return;
    services.refreshEvidence({ planId: click.value.planId, userId: click.userId });
  };
}
