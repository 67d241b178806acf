/** Small error classes with a `code`; caught once at the boundary and logged once with context. */
export class AppError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class ConfigError extends AppError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      'config_invalid',
      [
        'Release Planner cannot start. Fix these settings (in .env or the environment):',
        ...problems.map((p) => `  - ${p}`),
        '',
        'No Slack app yet? Create one from manifest.yml: https://api.slack.com/apps → Create New App →',
        'From a manifest, paste manifest.yml, install it to your workspace, then copy the values above.',
        'See .env.example and the README for every setting.',
      ].join('\n'),
    );
    this.problems = problems;
  }
}

export class PolicyError extends AppError {
  constructor(message: string) {
    super('policy_invalid', message);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
