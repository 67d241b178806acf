import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { buildHelpMessage } from '../../blocks/help.ts';

/**
 * `/release-plan [summary] | help | freezes`: ack at once, then open the request modal (the trigger
 * lives 3 s), or answer privately with the freeze windows ahead.
 */
export function releasePlanCommand(services: Services) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = command.text.trim();
    if (/^(help|\?|-h|--help)$/i.test(text)) {
      await ack({ response_type: 'ephemeral', ...buildHelpMessage() });
      return;
    }
    await ack();
    if (/^freezes?$/i.test(text)) {
      const recipient = { userId: command.user_id, channelId: command.channel_id };
      await services.showFreezes({ ...recipient, responseUrl: command.response_url || null });
      return;
    }
    services.openRequestForm({
      triggerId: command.trigger_id,
      userId: command.user_id,
      channelId: command.channel_id,
      text,
      responseUrl: command.response_url || null,
    });
  };
}
