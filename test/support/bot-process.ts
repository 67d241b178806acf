import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The real program, `node src/main.ts`, running as a child process. */
export interface BotProcess {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  /** Everything it wrote so far (pino JSON lines and stderr). */
  output(): string;
}

/** Starts the bot with exactly this environment (plus PATH) and waits for "Release Planner is running". */
export async function startBotProcess(
  env: Record<string, string>,
  startTimeoutMs = 20_000,
  nodeArgs: string[] = [],
): Promise<BotProcess> {
  const child = spawn(process.execPath, [...nodeArgs, 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start:\n${output}`)), startTimeoutMs);
    const look = () => {
      const match = output.match(/"port":(\d+)[^\n]*Release Planner is running/);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', look);
      resolve(Number(match[1]));
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => reject(new Error(`bot exited with ${code}:\n${output}`)));
  });
  return { child, port, exited, output: () => output };
}

/** The settings of a bot process pointed at the fake Slack and fake OpenAI, plus `more` (database…). */
export function botEnvironment(
  fakes: { slackUrl: string; openaiBaseURL: string; signingSecret: string },
  more: Record<string, string>,
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: fakes.signingSecret,
    SLACK_API_URL: fakes.slackUrl,
    SLACK_MAX_RETRIES: '0',
    PORT: '0',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fakes.openaiBaseURL,
    OPENAI_MODEL: 'gpt-test',
    MODEL_MAX_RETRIES: '0',
    LOG_LEVEL: 'info',
    ...more,
  };
}
