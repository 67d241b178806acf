import { type FakeModels, type FakeModelsOptions, startFakeModels } from '../../test/fakes/model-server.ts';
import { type FakeSlack, type FakeSlackOptions, startFakeSlack } from '../../test/fakes/slack-api.ts';

/** The fake Slack Web API and model servers from test/fakes, on 127.0.0.1, in this process. */
export interface Fakes {
  slack: FakeSlack;
  models: FakeModels;
  close(): Promise<void>;
}

export async function startFakes(
  options: { slack?: FakeSlackOptions; models?: FakeModelsOptions } = {},
): Promise<Fakes> {
  const slack = await startFakeSlack(options.slack);
  const models = await startFakeModels(options.models);
  return {
    slack,
    models,
    async close() {
      await slack.close();
      await models.close();
    },
  };
}

/** Model answers still streaming (started, not finished). */
export function streaming(models: FakeModels): number {
  return models.requests.filter((r) => !r.done).length;
}
