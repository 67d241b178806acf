import type { Services } from '../../../services/index.ts';
import { RevisionButtonValue } from '../../metadata.ts';
import { type ButtonArgs, readClick } from './click.ts';

/** The Retry button under a failed revision: applies the same stored feedback again. */
export function retryRevisionAction(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(args, RevisionButtonValue);
    if (!click?.messageTs) return;
    services.retryRevision({
      ...click.value,
      userId: click.userId,
      channelId: click.channelId,
      failureTs: click.messageTs,
    });
  };
}
