import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths pino censors wherever they appear in a log object (tokens, secrets, API keys). */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'apiKey',
  '*.apiKey',
  '*.*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["x-slack-signature"]',
  'config.slack',
  'config.openai.apiKey',
  'config.anthropic.apiKey',
  // Evidence connectors: settings, and request headers an HTTP error object may carry.
  'config.evidence',
  'apiToken',
  '*.apiToken',
  '*.*.apiToken',
  'appKey',
  '*.appKey',
  '*.*.appKey',
  '*.*.token',
  '*.request.headers.authorization',
  '*.headers["dd-api-key"]',
  '*.headers["dd-application-key"]',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'release-planner' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Secrets inside free-text messages are redacted by the callers (src/guard) before logging.
    },
    destination,
  );
}

const TO_BOLT: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/** Bolt and its Web API client log through our pino logger, so their output is JSON, redacted, and at LOG_LEVEL. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const [first, ...rest] = msg;
      if (first instanceof Error) child[level]({ err: first }, rest.map(String).join(' '));
      else child[level](msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // LOG_LEVEL decides. The Web API client calls setLevel('info') on any logger it is given, which
    // would otherwise override a quieter (or louder) configured level.
    setLevel: () => {},
    getLevel: () => TO_BOLT[child.level] ?? LogLevel.INFO,
    setName: (name: string) => {
      child = logger.child({ component: name });
    },
  };
}
