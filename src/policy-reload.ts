import type { Logger } from 'pino';
import { loadPolicyFile } from './approval/policy-file.ts';
import { describeMatrix, type Policy } from './approval/roles.ts';
import { PolicyError } from './errors.ts';
import type { PolicyOptions } from './evidence/gates-file.ts';

/** The policy in force: read on every use, so a reload applies to every decision after it. */
export interface PolicyHolder {
  current(): Policy;
  replace(policy: Policy): void;
}

export function policyHolder(initial: Policy): PolicyHolder {
  let policy = initial;
  return {
    current: () => policy,
    replace(next) {
      policy = next;
    },
  };
}

/**
 * Reads POLICY_FILE again (on SIGHUP). A valid file replaces the policy for new decisions and forms;
 * an invalid or unreadable one keeps the policy in force, and the log says why. Never throws.
 */
export function reloadPolicy(
  holder: PolicyHolder,
  path: string | undefined,
  logger: Logger,
  options: PolicyOptions = {},
): boolean {
  if (!path) {
    logger.warn('policy reload asked for, but POLICY_FILE is not set: nothing to reload');
    return false;
  }
  try {
    const policy = loadPolicyFile(path, options);
    holder.replace(policy);
    logger.info({ path, matrix: describeMatrix(policy) }, 'policy reloaded: new decisions use it');
    return true;
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    logger.error({ path, problems: err.message }, 'policy reload refused: keeping the current policy');
    return false;
  }
}
