import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { buildHelpMessage } from '../../blocks/help.ts';

/** `/release-plan [summary] | help`: ack at once, then open the request modal (the trigger lives 3 s). */
export function releasePlanCommand(services: Services) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = command.text.trim();
    if (/^(help|\?|-h|--help)$/i.test(text)) {
      await ack({ response_type: 'ephemeral', ...buildHelpMessage() });
      return;
    }
    await ack();
    await services.openRequestForm({
      triggerId: command.trigger_id,
      userId: command.user_id,
      channelId: command.channel_id,
      text,
      responseUrl: command.response_url || null,
    });
  };
}
