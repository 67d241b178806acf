import { describe, expect, it } from 'vitest';
import { isMadeOfWords, STRICT_WORDS } from '../../src/guard/word-shape.ts';
import { FAKE } from './fixtures.ts';

describe('isMadeOfWords', () => {
  it.each([
    ['ReleaseReadinessScorecard2024Builder', true, true],
    ['PaymentsServiceCanaryRollout2024EuWest1a', true, true],
    ['k8sClusterEuWest1Production', true, false],
    ['PRODUCTIONDEPLOYMENTFREEZEWINDOW', true, true],
    ['srv/releases/payments/config', true, true],
    [FAKE.awsSecretKey, false, false],
    [FAKE.highEntropy, false, false],
    ['Xkqzpwtrvbnm', false, false],
  ])('%s → loose %s, strict %s', (token, loose, strict) => {
    expect(isMadeOfWords(token)).toBe(loose);
    expect(isMadeOfWords(token, STRICT_WORDS)).toBe(strict);
  });
});
