import { PolicyFileError, parsePolicy } from '../../src/approval/policy-file.ts';

/** The problems a policy file is rejected with; throws if it is accepted (the test expected a rejection). */
export function problemsOf(yamlText: string): string[] {
  try {
    parsePolicy(yamlText, 'test.yml');
  } catch (err) {
    if (err instanceof PolicyFileError) return err.problems;
    throw err;
  }
  throw new Error('expected the policy to be rejected');
}
